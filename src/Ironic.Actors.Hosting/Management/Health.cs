using Akka.Actor;
using Akka.Cluster;
using Ironic.Actors.Conductor.ReadModel.Sql;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Ironic.Actors.Hosting.Management;

/// <summary><c>GET /healthz</c>: the process serves.</summary>
public sealed record HealthView(string Status);

/// <summary><c>GET /readyz</c>: "ready" or "not ready", and what each check found.</summary>
public sealed record ReadinessView(string Status, ReadinessChecks Checks);

/// <summary>
/// This member's cluster status (Akka's <see cref="MemberStatus"/>, "not joined" before it has joined a cluster, "not
/// started" before its actor system runs), and "ok" or why the journal's database did not answer.
/// </summary>
public sealed record ReadinessChecks(string Member, string Database);

/// <summary>
/// Liveness and readiness of a member. Alive: the process answers HTTP (nothing else is checked, so a slow database
/// never gets a member restarted). Ready: the member is <see cref="MemberStatus.Up"/> in the cluster and the journal's
/// database (where the read model lives too) answers a trivial query.
/// </summary>
public static class Health
{
    public static readonly HealthView Alive = new("ok");

    /// <summary>
    /// The readiness answer: 200 when <paramref name="member"/> (as <see cref="MemberState"/> describes it) is Up and
    /// <paramref name="databaseError"/> is null (the database answered), else 503.
    /// </summary>
    public static (int Status, ReadinessView Body) Decide(string member, string? databaseError)
    {
        var ready = member == nameof(MemberStatus.Up) && databaseError is null;
        var checks = new ReadinessChecks(member, databaseError ?? "ok");
        return ready
            ? (StatusCodes.Status200OK, new ReadinessView("ready", checks))
            : (StatusCodes.Status503ServiceUnavailable, new ReadinessView("not ready", checks));
    }

    /// <summary>
    /// This member's status for <see cref="Decide"/>: null <paramref name="status"/> is "not started"; Akka's Removed is
    /// "not joined" until the cluster extension has shut down (before a join, Akka reports its own member as Removed).
    /// </summary>
    public static string MemberState(MemberStatus? status, bool clusterTerminated) => status switch
    {
        null => "not started",
        MemberStatus.Removed when !clusterTerminated => "not joined",
        { } s => s.ToString(),
    };

    /// <summary>Checks this member now: its status in the cluster, and a ping of the database within <paramref name="timeout"/>.</summary>
    public static async Task<(int Status, ReadinessView Body)> CheckAsync(IServiceProvider services, TimeSpan timeout)
    {
        var ping = services.GetRequiredService<ReadModelDatabase>().PingAsync(timeout);
        return Decide(SelfStatus(services), await ping);
    }

    private static string SelfStatus(IServiceProvider services)
    {
        try
        {
            var system = services.GetService<ActorSystem>();
            if (system is null || system.WhenTerminated.IsCompleted)
                return MemberState(null, clusterTerminated: true);
            var cluster = Cluster.Get(system);
            return MemberState(cluster.SelfMember.Status, cluster.IsTerminated);
        }
        catch (Exception e) when (e is InvalidOperationException or ObjectDisposedException)
        {
            return MemberState(null, clusterTerminated: true); // the host has not built the actor system yet, or is tearing it down
        }
    }
}
