using System.Net;
using System.Security.Cryptography;
using Ironic.Actors.TestKit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Logging;

namespace Ironic.Actors.Client.Tests.Infrastructure;

/// <summary>
/// The operator's file servers: Kestrel serving a folder as static files on a loopback port. <see cref="StartAsync()"/>
/// is the image server (a temporary folder on a free port, removed at the end: what <c>instance_info/image_source</c> and
/// <c>driver_info/deploy_iso</c> point at); <see cref="ServeAsync"/> serves a given folder on a given port, as nginx
/// serves the iPXE HTTP root (/httpboot).
/// </summary>
public sealed class ImageServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly bool _ownsRoot;

    private ImageServer(WebApplication app, string root, int port, bool ownsRoot)
    {
        _app = app;
        Root = root;
        Port = port;
        _ownsRoot = ownsRoot;
    }

    public string Root { get; }
    public int Port { get; }
    public string BaseUrl => $"http://127.0.0.1:{Port}";

    public static async Task<ImageServer> StartAsync()
    {
        var root = Path.Combine(Path.GetTempPath(), "ironic-image-server", Guid.NewGuid().ToString("N"));
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await ServeAsync(root, FreePort.NextTcp(), "application/octet-stream", ownsRoot: true);
            }
            catch (IOException) when (attempt < 5)
            {
            }
        }
    }

    /// <summary>Serves <paramref name="root"/> (created if missing) on <paramref name="port"/>; removes it at the end only when it <paramref name="ownsRoot"/>.</summary>
    public static async Task<ImageServer> ServeAsync(string root, int port, string defaultContentType, bool ownsRoot = false)
    {
        Directory.CreateDirectory(root);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new PhysicalFileProvider(root),
            ServeUnknownFileTypes = true,
            DefaultContentType = defaultContentType,
        });
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
        return new ImageServer(app, root, port, ownsRoot);
    }

    /// <summary>Puts a file of <paramref name="bytes"/> on the server; returns its URL and SHA-256 (hex).</summary>
    public (string Url, string Sha256, string Md5) Add(string name, byte[] bytes)
    {
        File.WriteAllBytes(Path.Combine(Root, name), bytes);
        return ($"{BaseUrl}/{name}", Convert.ToHexStringLower(SHA256.HashData(bytes)), Convert.ToHexStringLower(MD5.HashData(bytes)));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (!_ownsRoot)
            return;
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
