using System;
using System.Collections.Generic;

namespace CoverWeaver
{
    /// <summary>Whether a node answered the last time it was asked.</summary>
    public enum NodeState
    {
        /// <summary>The last request succeeded; analyses add its current counts.</summary>
        Live,

        /// <summary>
        /// The last request failed (refused, timed out, an HTTP error or damaged data). Its data
        /// collected so far still counts; it is asked again at every analysis and is live again
        /// as soon as it answers.
        /// </summary>
        Lost,
    }

    /// <summary>What <see cref="Cover.WhichNodes"/> says about one attached node, at the moment it was asked.</summary>
    public sealed class CoverNodeInfo
    {
        internal CoverNodeInfo(string address, NodeState state, string? error, DateTimeOffset? lastContact, IReadOnlyList<string> modules, IReadOnlyList<string> refused)
        {
            Address = address;
            State = state;
            Error = error;
            LastContact = lastContact;
            Modules = modules;
            Refused = refused;
        }

        /// <summary>The node's base address, as <see cref="Cover.Start(string[])"/> normalised it.</summary>
        public string Address { get; }

        /// <summary>Live or lost.</summary>
        public NodeState State { get; }

        /// <summary>Why the node is lost; null while it is live.</summary>
        public string? Error { get; }

        /// <summary>When the node last answered; null if it never did.</summary>
        public DateTimeOffset? LastContact { get; }

        /// <summary>The modules whose counts from this node are added, ordered.</summary>
        public IReadOnlyList<string> Modules { get; }

        /// <summary>
        /// One message per module refused from this node because it runs another build of it than
        /// this process (or the first node that brought the module); the message names the module
        /// and both builds. Refused counts are never merged.
        /// </summary>
        public IReadOnlyList<string> Refused { get; }

        /// <inheritdoc />
        public override string ToString() => $"{Address} {State}" + (Error != null ? ": " + Error : "");
    }
}
