namespace Ironic.Actors.Hosting.Bootstrap;

/// <summary>What one contact point (a member's management endpoint) said: its own address and the cluster members it sees up.</summary>
public sealed record ContactProbe(string Contact, string SelfAddress, IReadOnlyList<string> Members);

/// <summary>The next step of a bootstrap round.</summary>
public abstract record BootstrapStep
{
    /// <summary>Join the cluster these members form.</summary>
    public sealed record Join(IReadOnlyList<string> SeedNodes) : BootstrapStep;

    /// <summary>Form a new cluster: this member is the lowest of a stable set of contact points and none is in a cluster.</summary>
    public sealed record Form : BootstrapStep;

    /// <summary>Look again next round.</summary>
    public sealed record Wait(string Reason) : BootstrapStep;
}

/// <summary>
/// The bootstrap's decision, pure: join a cluster any contact point is in (its members are the seeds); otherwise, once
/// at least the required number of contact points answered and the set stayed the same for the stable margin, the one
/// with the lowest address forms the cluster and the others wait to see it.
/// </summary>
public static class BootstrapDecision
{
    public static BootstrapStep Decide(
        string selfAddress, IReadOnlyList<ContactProbe> probes, int discovered, int required, TimeSpan stableFor, TimeSpan stableMargin)
    {
        var members = probes.SelectMany(p => p.Members).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (members.Count > 0)
            return new BootstrapStep.Join(members);
        if (discovered < required)
            return new BootstrapStep.Wait($"{discovered} of the {required} contact points required are discovered");
        if (probes.Count < required)
            return new BootstrapStep.Wait($"{probes.Count} of {discovered} contact points answered; {required} must");
        if (stableFor < stableMargin)
            return new BootstrapStep.Wait($"the contact points have been the same for {stableFor.TotalSeconds:0.#} s of {stableMargin.TotalSeconds:0.#} s");
        var lowest = probes.Select(p => p.SelfAddress).Min(StringComparer.Ordinal)!;
        return string.Equals(lowest, selfAddress, StringComparison.Ordinal)
            ? new BootstrapStep.Form()
            : new BootstrapStep.Wait($"{lowest}, the lowest contact point, forms the cluster");
    }
}
