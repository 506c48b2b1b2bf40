using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Ironic.Actors.TestKit.Redfish;

namespace Ironic.Actors.Drivers.Tests.Redfish;

/// <summary>
/// An HTTPS Redfish endpoint with a self-signed certificate, to test <c>redfish_verify_ca</c>: it answers
/// every request with one ComputerSystem (PowerState On) and closes the connection.
/// </summary>
public sealed class TlsRedfishStub : IAsyncDisposable
{
    private const string SystemJson = """{"@odata.id": "/redfish/v1/Systems/1", "@odata.type": "#ComputerSystem.v1_10_0.ComputerSystem", "Id": "1", "PowerState": "On"}""";

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly X509Certificate2 _certificate = SelfSigned();
    private readonly AcceptLoop<TcpClient> _accepting;

    public TlsRedfishStub()
    {
        _listener.Start();
        _accepting = new AcceptLoop<TcpClient>(stop => _listener.AcceptTcpClientAsync(stop).AsTask(), ServeAsync,
            e => e is SocketException or ObjectDisposedException or OperationCanceledException);
    }

    public string Address => $"https://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    /// <summary>The stub's self-signed certificate as PEM: the only CA that signs it.</summary>
    public string CertificatePem => _certificate.ExportCertificatePem();

    public async ValueTask DisposeAsync()
    {
        await _accepting.StopAsync(_listener.Stop);
        _certificate.Dispose();
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                await using var tls = new SslStream(client.GetStream());
                await tls.AuthenticateAsServerAsync(_certificate);
                // Read the request head (no body for GET).
                var buffer = new byte[8192];
                var head = new StringBuilder();
                while (!head.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
                {
                    var read = await tls.ReadAsync(buffer, _accepting.Stopped);
                    if (read == 0)
                        return;
                    head.Append(Encoding.ASCII.GetString(buffer, 0, read));
                }
                var body = Encoding.UTF8.GetBytes(SystemJson);
                var response = $"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n";
                await tls.WriteAsync(Encoding.ASCII.GetBytes(response), _accepting.Stopped);
                await tls.WriteAsync(body, _accepting.Stopped);
            }
            catch (Exception e) when (e is IOException or System.Security.Authentication.AuthenticationException
                or ObjectDisposedException or OperationCanceledException)
            {
                // The client refused our certificate or went away.
            }
        }
    }

    private static X509Certificate2 SelfSigned()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        // Re-import so the private key is usable by SslStream on every platform.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }
}
