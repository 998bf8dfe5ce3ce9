using System;

namespace CoverWeaver
{
    /// <summary>
    /// A running instrumented process to include in analyses (<see cref="Cover.Start(CoverNodeOptions[])"/>):
    /// the base address of its coverage endpoint, and how to talk to it.
    /// </summary>
    public sealed class CoverNodeOptions
    {
        /// <summary>A node at <paramref name="address"/>, e.g. <c>http://127.0.0.1:9464</c>.</summary>
        /// <exception cref="ArgumentException">The address is not an absolute http or https URL.</exception>
        public CoverNodeOptions(string address)
        {
            Address = Normalize(address);
        }

        /// <summary>The base address, without a trailing slash; it names the node in every other call.</summary>
        public string Address { get; }

        /// <summary>Sent as <c>Authorization: Bearer &lt;token&gt;</c> when set.</summary>
        public string? Token { get; set; }

        /// <summary>
        /// How long one request may take before the node counts as lost. Short by default (2 s),
        /// because every analysis waits for the slowest node.
        /// </summary>
        public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(2);

        internal static string Normalize(string address)
        {
            if (address == null)
            {
                throw new ArgumentNullException(nameof(address));
            }

            if (!Uri.TryCreate(address.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                throw new ArgumentException($"'{address}' is not a node address: give the http or https base URL of its coverage endpoint, e.g. http://127.0.0.1:9464.", nameof(address));
            }

            return uri.GetLeftPart(UriPartial.Path).TrimEnd('/');
        }
    }
}
