using System.Globalization;
using Akka.TestKit;
using NUnit.Framework;

namespace Ironic.Actors.TestKit;

/// <summary>
/// Bridges Akka.TestKit's framework-neutral assertions onto NUnit's <see cref="Assert"/>,
/// so that failed <c>ExpectMsg</c>/<c>AwaitCondition</c> calls surface as NUnit failures.
/// </summary>
/// <remarks>Stateless and thread-safe; one shared instance is enough.</remarks>
public sealed class NUnitAssertions : ITestKitAssertions
{
    /// <inheritdoc />
    public void Fail(string format = "", params object[] args) =>
        Assert.Fail(Format(format, args));

    /// <inheritdoc />
    public void AssertTrue(bool condition, string format = "", params object[] args) =>
        Assert.That(condition, Is.True, () => Format(format, args));

    /// <inheritdoc />
    public void AssertFalse(bool condition, string format = "", params object[] args) =>
        Assert.That(condition, Is.False, () => Format(format, args));

    /// <inheritdoc />
    public void AssertEqual<T>(T expected, T actual, string format = "", params object[] args) =>
        Assert.That(actual, Is.EqualTo(expected), () => Format(format, args));

    /// <inheritdoc />
    public void AssertEqual<T>(T expected, T actual, Func<T, T, bool> comparer, string format = "", params object[] args)
    {
        ArgumentNullException.ThrowIfNull(comparer);
        if (comparer(expected, actual))
            return;
        var message = Format(format, args);
        Assert.Fail(string.Create(CultureInfo.InvariantCulture,
            $"{message}{(message.Length > 0 ? Environment.NewLine : "")}  Expected: {expected}{Environment.NewLine}  But was:  {actual}"));
    }

    /// <inheritdoc />
    /// <remarks>Any exception type passes.</remarks>
    public Exception AssertThrows(Action action) => Assert.Catch(new TestDelegate(action))!;

    /// <inheritdoc />
    /// <remarks>The exception must be exactly <typeparamref name="TException"/>, as with NUnit's <c>Assert.Throws</c>.</remarks>
    public TException AssertThrows<TException>(Action action) where TException : Exception =>
        Assert.Throws<TException>(new TestDelegate(action))!;

    /// <inheritdoc />
    /// <remarks>
    /// Any exception type passes. NUnit runs the delegate in an isolated context (so a failed NUnit
    /// assertion inside it does not fail the test) and waits for it synchronously.
    /// </remarks>
    public Task<Exception> AssertThrowsAsync(Func<Task> action) =>
        Task.FromResult(Assert.CatchAsync(new AsyncTestDelegate(action))!);

    /// <inheritdoc />
    /// <remarks>
    /// The exception must be exactly <typeparamref name="TException"/>, as with NUnit's
    /// <c>Assert.ThrowsAsync</c>, which waits for the delegate synchronously.
    /// </remarks>
    public Task<TException> AssertThrowsAsync<TException>(Func<Task> action) where TException : Exception =>
        Task.FromResult(Assert.ThrowsAsync<TException>(new AsyncTestDelegate(action))!);

    /// <summary>Formats like <see cref="string.Format(string, object[])"/> but tolerates braces when no args are given.</summary>
    private static string Format(string? format, object[]? args)
    {
        if (string.IsNullOrEmpty(format))
            return string.Empty;
        if (args is null || args.Length == 0)
            return format;
        try
        {
            return string.Format(CultureInfo.InvariantCulture, format, args);
        }
        catch (FormatException)
        {
            return format + " [" + string.Join(", ", args) + "]";
        }
    }
}
