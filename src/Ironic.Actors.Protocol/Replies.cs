using System.Text.Json.Serialization;
using Ironic.Actors.Domain.Decisions;

namespace Ironic.Actors.Protocol;

/// <summary>Answers any actor of the protocol may give: nodes, the registry, chassis, allocations, deploy templates.</summary>
public static class Replies
{
    /// <summary>The request was refused; nothing was stored. <paramref name="Kind"/> picks the HTTP status, <paramref name="Message"/> is Ironic's text.</summary>
    public sealed record Rejected(RejectionKind Kind, string Message) : IIronicMessage
    {
        public static Rejected From(Rejection r) => new(r.Kind, r.Message);

        /// <summary>A 404 refusal, for callers that speak only the protocol (the gateway).</summary>
        public static Rejected NotFound(string message) => new(RejectionKind.NotFound, message);

        /// <summary>A 400 refusal, for callers that speak only the protocol (the gateway).</summary>
        public static Rejected Invalid(string message) => new(RejectionKind.Invalid, message);

        /// <summary>The HTTP status Ironic answers this refusal with (its exceptions carry their code): 400, 403, 404, 409.</summary>
        [JsonIgnore]
        public int Code => Kind switch
        {
            RejectionKind.Invalid => 400,
            RejectionKind.Forbidden => 403,
            RejectionKind.NotFound => 404,
            RejectionKind.Conflict => 409,
            _ => 500,
        };
    }
}
