namespace Ironic.Actors.Drivers.Abstractions;

/// <summary>
/// Where the <c>pxe</c> and <c>ipxe</c> boot interfaces write their per-node boot files, and what they put on the
/// ramdisk's kernel command line (Ironic's <c>[deploy]http_root</c>/<c>http_url</c>, <c>[pxe]tftp_root</c> and
/// <c>kernel_append_params</c>), bound from <c>Ironic:Hardware:Pxe</c>. The operator's HTTP, TFTP and DHCP servers
/// serve these directories (README "Deploy real servers").
/// </summary>
public sealed class PxeOptions
{
    /// <summary><c>[deploy]http_root</c>: the directory the HTTP server serves at <see cref="HttpUrl"/> (iPXE).</summary>
    public string HttpRoot { get; set; } = "/httpboot";

    /// <summary>
    /// <c>[deploy]http_url</c>: the URL machines reach <see cref="HttpRoot"/> at, e.g. <c>http://10.0.0.1:8080</c>. No
    /// default: an <c>ipxe</c> node fails validation until it is set, as in Ironic.
    /// </summary>
    public string? HttpUrl { get; set; }

    /// <summary><c>[pxe]tftp_root</c>: the directory the TFTP server serves (PXE).</summary>
    public string TftpRoot { get; set; } = "/tftpboot";

    /// <summary><c>[pxe]kernel_append_params</c>: put on the kernel command line of every ramdisk booted.</summary>
    public string KernelAppendParams { get; set; } = "nofb nomodeset vga=normal";

    /// <summary>
    /// The Ironic API URL the agent ramdisk calls back (<c>ipa-api-url</c>; Ironic's <c>[service_catalog]</c>
    /// endpoint). When unset, the host fills it from <c>Ironic:Gateway:PublicEndpoint</c> or the first of the
    /// process's <c>Urls</c> (all-in-one).
    /// </summary>
    public string? ApiUrl { get; set; }
}
