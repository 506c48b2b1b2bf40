using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Logging;

namespace Ironic.Actors.Client.Tests.Infrastructure;

/// <summary>
/// The operator's image server: Kestrel serving the files of a temporary folder as static files on a free loopback
/// port (what <c>instance_info/image_source</c> and <c>driver_info/deploy_iso</c> point at).
/// </summary>
public sealed class ImageServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ImageServer(WebApplication app, string root, int port)
    {
        _app = app;
        Root = root;
        Port = port;
    }

    public string Root { get; }
    public int Port { get; }
    public string BaseUrl => $"http://127.0.0.1:{Port}";

    public static async Task<ImageServer> StartAsync()
    {
        var root = Path.Combine(Path.GetTempPath(), "ironic-image-server", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        for (var attempt = 0; ; attempt++)
        {
            var port = FreePort();
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port));
            var app = builder.Build();
            app.UseStaticFiles(new StaticFileOptions
            {
                FileProvider = new PhysicalFileProvider(root),
                ServeUnknownFileTypes = true,
                DefaultContentType = "application/octet-stream",
            });
            try
            {
                await app.StartAsync();
                return new ImageServer(app, root, port);
            }
            catch (IOException) when (attempt < 5)
            {
                await app.DisposeAsync();
            }
        }
    }

    /// <summary>Puts a file of <paramref name="bytes"/> on the server; returns its URL and SHA-256 (hex).</summary>
    public (string Url, string Sha256, string Md5) Add(string name, byte[] bytes)
    {
        File.WriteAllBytes(Path.Combine(Root, name), bytes);
        return ($"{BaseUrl}/{name}", Convert.ToHexStringLower(SHA256.HashData(bytes)), Convert.ToHexStringLower(MD5.HashData(bytes)));
    }

    private static int FreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
