using System.Collections.Concurrent;

namespace Ironic.Actors.Protocol.Nodes;

/// <summary>
/// A bounded map for the caches of list pages (the gateway's rendered text, the read model's rows): entries go into a
/// current generation; once it holds half the budget it becomes the previous one (the one before is dropped), and an
/// entry found in the previous generation moves into the current one. So what is read over and over stays, and what was
/// read once leaves within two generations. Thread-safe; the budget is approximate (a replaced entry counts twice).
/// </summary>
public sealed class TwoGenerations<TKey, TValue>(long budget) where TKey : notnull
{
    private readonly object _rotation = new();
    private ConcurrentDictionary<TKey, TValue> _current = new();
    private ConcurrentDictionary<TKey, TValue> _previous = new();
    private long _currentSize;

    /// <summary>What both generations hold at most, in the unit of the sizes given to <see cref="Keep"/>.</summary>
    public long Budget { get; } = Math.Max(0, budget);

    /// <summary>Entries held now.</summary>
    public int Count => _current.Count + _previous.Count;

    /// <summary>The value kept for <paramref name="key"/>, if any (from the previous generation, moved into the current).</summary>
    public bool TryGet(TKey key, out TValue value, Func<TValue, long> sizeOf)
    {
        if (_current.TryGetValue(key, out value!))
            return true;
        if (!_previous.TryGetValue(key, out value!))
            return false;
        Keep(key, value, sizeOf(value));
        return true;
    }

    /// <summary>Keeps <paramref name="value"/> of size <paramref name="size"/> (in place of what <paramref name="key"/> had); none larger than a 64th of the budget.</summary>
    public void Keep(TKey key, TValue value, long size)
    {
        if (Budget == 0 || size > Budget / 64)
            return;
        _current[key] = value;
        if (Interlocked.Add(ref _currentSize, size) > Budget / 2)
            Rotate();
    }

    private void Rotate()
    {
        lock (_rotation)
        {
            if (Interlocked.Read(ref _currentSize) <= Budget / 2)
                return; // another thread rotated first
            _previous = _current;
            _current = new ConcurrentDictionary<TKey, TValue>();
            Interlocked.Exchange(ref _currentSize, 0);
        }
    }
}
