using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Ironic.Actors.AgentDouble;

/// <summary>
/// The agent's https listener (<c>--tls true</c>), as the Ironic Python Agent's automatic TLS: a self-signed certificate
/// made at start (for 127.0.0.1), whose PEM the agent sends with its heartbeats as <c>agent_verify_ca</c>. Connections
/// are decrypted here and passed on to the plain HTTP listener on loopback that serves the commands.
/// </summary>
public sealed class TlsFront : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly X509Certificate2 _certificate;
    private readonly int _backendPort;
    private readonly CancellationTokenSource _stop = new();
    private Task? _accepting;

    public TlsFront(int port, int backendPort)
    {
        _backendPort = backendPort;
        _certificate = SelfSigned();
        CaPem = _certificate.ExportCertificatePem();
        _listener = new TcpListener(IPAddress.Loopback, port);
    }

    /// <summary>The certificate (its own CA) as PEM.</summary>
    public string CaPem { get; }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public void Start()
    {
        _listener.Start();
        _accepting = AcceptAsync();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            _ = Task.Run(() => RelayAsync(client));
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                await using var tls = new SslStream(client.GetStream());
                await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = _certificate }, _stop.Token);
                using var backend = new TcpClient();
                await backend.ConnectAsync(IPAddress.Loopback, _backendPort, _stop.Token);
                var plain = backend.GetStream();
                var up = tls.CopyToAsync(plain, _stop.Token);
                var down = plain.CopyToAsync(tls, _stop.Token);
                await Task.WhenAny(up, down);
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or System.Security.Authentication.AuthenticationException)
            {
                // The conductor refused our certificate, or hung up: nothing to serve.
            }
        }
    }

    private static X509Certificate2 SelfSigned()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=ironic-python-agent double", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyCertSign, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var now = DateTimeOffset.UtcNow;
        using var made = request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));
        // Through PKCS#12 so that the private key is usable by the TLS server on every platform.
        return X509CertificateLoader.LoadPkcs12(made.Export(X509ContentType.Pfx), null);
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        if (_accepting is not null)
            await _accepting.ContinueWith(_ => { }, TaskScheduler.Default);
        _certificate.Dispose();
    }
}
