namespace Ironic.Actors.Protocol.Nodes;

/// <summary>
/// Remembers, by hash, what was asked for once, so that a cache keeps a thing only from its second request on: one pass
/// over many different things (a client walking a fleet) then fills no cache. A slot holds the last hash that fell in it;
/// a collision at worst keeps something on its first request, or forgets one. Thread-safe without locks.
/// </summary>
public sealed class SeenOnce
{
    private readonly int[] _slots;

    /// <param name="slots">How many hashes are remembered at most: a power of two.</param>
    public SeenOnce(int slots)
    {
        if (slots <= 0 || (slots & (slots - 1)) != 0)
            throw new ArgumentOutOfRangeException(nameof(slots), slots, "a power of two");
        _slots = new int[slots];
    }

    /// <summary>True when <paramref name="hash"/> was seen last in its slot; else remembers it and answers false.</summary>
    public bool SeenBefore(int hash)
    {
        hash |= 1; // never 0, an empty slot's value
        ref var slot = ref _slots[hash & (_slots.Length - 1)];
        if (Volatile.Read(ref slot) == hash)
            return true;
        Volatile.Write(ref slot, hash);
        return false;
    }
}
