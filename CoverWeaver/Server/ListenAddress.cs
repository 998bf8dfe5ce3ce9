using System;
using System.Globalization;
using System.Net;

namespace CoverWeaver.Server
{
    /// <summary>Reads <c>host:port</c> as <see cref="CoverServer.Start(string, string)"/> and <c>COVERWEAVER_LISTEN</c> take it.</summary>
    internal static class ListenAddress
    {
        /// <summary>
        /// <c>127.0.0.1:9464</c>, <c>[::1]:9464</c>, <c>localhost:9464</c> (IPv4 loopback), or
        /// <c>0.0.0.0:9464</c> / <c>*:9464</c> for every interface. Port 0 picks a free port.
        /// </summary>
        /// <exception cref="ArgumentException">The address is not of that form.</exception>
        public static IPEndPoint Parse(string address)
        {
            if (address == null)
            {
                throw new ArgumentNullException(nameof(address));
            }

            var text = address.Trim();
            var colon = text.LastIndexOf(':');
            if (colon <= 0 || colon == text.Length - 1)
            {
                throw Bad(address);
            }

            var host = text.Substring(0, colon);
            var portText = text.Substring(colon + 1);
            if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > IPEndPoint.MaxPort)
            {
                throw Bad(address);
            }

            if (host.StartsWith("[", StringComparison.Ordinal) && host.EndsWith("]", StringComparison.Ordinal))
            {
                host = host.Substring(1, host.Length - 2);
            }
            else if (host.IndexOf(':') >= 0)
            {
                // An IPv6 address must be bracketed, or its last group would be taken for the port.
                throw Bad(address);
            }

            IPAddress ip;
            if (host == "*" || host == "+")
            {
                ip = IPAddress.Any;
            }
            else if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
            {
                ip = IPAddress.Loopback;
            }
            else if (!IPAddress.TryParse(host, out ip))
            {
                // Host names are not resolved: what we bind to, and whether it is loopback, must be plain.
                throw Bad(address);
            }

            return new IPEndPoint(ip, port);
        }

        private static ArgumentException Bad(string address) => new ArgumentException(
            $"'{address}' is not an address to listen on: use host:port with an IP address or localhost, " +
            "e.g. 127.0.0.1:9464, [::1]:9464 or 0.0.0.0:9464 (port 0 picks a free port).", nameof(address));
    }
}
