namespace Ironic.Actors.Gateway;

/// <summary>
/// Starts a second, short-lived instance of this member's API over a store of its own that nothing else sees (a new
/// temporary SQLite database), for the start-up warm-up to rehearse clients' writes on (<see cref="GatewayWarmUp"/>):
/// the code a create, an update and a delete run is compiled before the first client's, and nothing is written to
/// the member's own store. The hosting layer provides it (it knows how a member is put together); a host without it
/// rehearses nothing.
/// </summary>
public interface IScratchApiFactory
{
    /// <summary>Starts a scratch instance; it answers on <see cref="IScratchApi.Address"/> once this completes.</summary>
    Task<IScratchApi> StartAsync(CancellationToken cancellationToken);
}

/// <summary>A running scratch instance of the API; disposing it stops it and deletes its store.</summary>
public interface IScratchApi : IAsyncDisposable
{
    /// <summary>Where it listens: a plain-HTTP loopback address, as the web server reports it.</summary>
    string Address { get; }
}
