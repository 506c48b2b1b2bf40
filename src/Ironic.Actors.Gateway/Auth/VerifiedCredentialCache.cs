using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Ironic.Actors.Gateway.Auth;

/// <summary>
/// Remembers, for a short time, that a user name and password matched a bcrypt hash, so that a client's many
/// requests pay for one bcrypt check (tens to hundreds of milliseconds) instead of one each. Only a SHA-256 of
/// (a random per-process salt, user, password, stored hash) is kept, never the password; including the stored hash
/// means a changed or removed entry in the auth user file is never answered from the cache. Failed checks are not
/// remembered.
/// </summary>
public sealed class VerifiedCredentialCache
{
    private readonly byte[] _salt = RandomNumberGenerator.GetBytes(32);
    private readonly ConcurrentDictionary<string, long> _expiries = new(StringComparer.Ordinal);
    private readonly TimeSpan _lifetime;
    private readonly TimeProvider _time;
    private readonly int _capacity;

    /// <param name="lifetime">How long a success is remembered; zero or less disables the cache.</param>
    /// <param name="time">Clock (tests use a fake one).</param>
    /// <param name="capacity">Most entries kept; beyond it expired entries are dropped, then all of them.</param>
    public VerifiedCredentialCache(TimeSpan lifetime, TimeProvider? time = null, int capacity = 4096)
    {
        _lifetime = lifetime;
        _time = time ?? TimeProvider.System;
        _capacity = capacity;
    }

    public bool Enabled => _lifetime > TimeSpan.Zero;

    public int Count => _expiries.Count;

    /// <summary>True if this exact user, password and stored hash were verified less than the lifetime ago.</summary>
    public bool IsVerified(string user, string password, string storedHash)
    {
        if (!Enabled)
            return false;
        var key = Key(user, password, storedHash);
        if (!_expiries.TryGetValue(key, out var expiry))
            return false;
        if (_time.GetTimestamp() < expiry)
            return true;
        _expiries.TryRemove(new KeyValuePair<string, long>(key, expiry));
        return false;
    }

    /// <summary>Records a successful bcrypt check.</summary>
    public void Remember(string user, string password, string storedHash)
    {
        if (!Enabled)
            return;
        if (_expiries.Count >= _capacity)
            Trim();
        var expiry = _time.GetTimestamp() + (long)(_lifetime.TotalSeconds * _time.TimestampFrequency);
        _expiries[Key(user, password, storedHash)] = expiry;
    }

    /// <summary>Forgets everything.</summary>
    public void Clear() => _expiries.Clear();

    private void Trim()
    {
        var now = _time.GetTimestamp();
        foreach (var (key, expiry) in _expiries)
        {
            if (expiry <= now)
                _expiries.TryRemove(new KeyValuePair<string, long>(key, expiry));
        }

        if (_expiries.Count >= _capacity)
            _expiries.Clear();
    }

    private string Key(string user, string password, string storedHash)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(_salt);
        AppendField(sha, user);
        AppendField(sha, password);
        AppendField(sha, storedHash);
        return Convert.ToBase64String(sha.GetHashAndReset());
    }

    /// <summary>Length-prefixed, so that ("ab", "c") and ("a", "bc") differ.</summary>
    private static void AppendField(IncrementalHash sha, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        Span<byte> length = stackalloc byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(length, bytes.Length);
        sha.AppendData(length);
        sha.AppendData(bytes);
        CryptographicOperations.ZeroMemory(bytes);
    }
}
