using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;

namespace CoverWeaver.Tests.Support
{
    /// <summary>
    /// Requests to HelloService, named by the handler (a function of HelloService.HelloRoutes) each
    /// one runs, and a mix of them: how many of each to send, which is then how many times each
    /// handler must have run.
    /// </summary>
    internal static class HelloTraffic
    {
        public const string Routes = "HelloService.HelloRoutes";

        /// <summary>The function of HelloRoutes that runs once, at startup, to map the routes.</summary>
        public const string Map = "Map";

        public static readonly string[] Handlers = { "Welcome", "Upload", "HelloQuery", "HelloPath", "HelloBody" };

        /// <summary>Sends one request that runs <paramref name="handler"/> and checks its answer, so a request that never reached the handler cannot pass.</summary>
        public static void Send(HttpClient client, string handler, string name = "a")
        {
            using var request = Request(handler, name);
            using var response = client.Send(request);
            var body = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
            var (status, text) = handler switch
            {
                "Welcome" => (HttpStatusCode.OK, "Welcome"),
                "Upload" => (HttpStatusCode.Created, "Uploaded"),
                _ => (HttpStatusCode.OK, "hello " + name),
            };
            if (response.StatusCode != status || body != text)
            {
                throw new InvalidOperationException($"{request.Method} {request.RequestUri} answered {(int)response.StatusCode} '{body}', expected {(int)status} '{text}'.");
            }
        }

        /// <summary>Sends each handler's requests of the mix, interleaved rather than in runs.</summary>
        public static void Send(HttpClient client, IReadOnlyDictionary<string, long> mix)
        {
            var left = mix.ToDictionary(p => p.Key, p => p.Value);
            while (left.Values.Any(n => n > 0))
            {
                foreach (var handler in left.Keys.Where(h => left[h] > 0).ToList())
                {
                    Send(client, handler, handler.ToLowerInvariant());
                    left[handler]--;
                }
            }
        }

        /// <summary>A mix: every handler with the count given, or 0.</summary>
        public static Dictionary<string, long> Mix(params (string Handler, long Count)[] counts)
        {
            var mix = Handlers.ToDictionary(h => h, _ => 0L);
            foreach (var (handler, count) in counts)
            {
                mix[handler] = count;
            }

            return mix;
        }

        /// <summary>What each function of HelloRoutes must have counted: the mix, and Map run <paramref name="maps"/> times.</summary>
        public static Dictionary<string, long> Expected(long maps, params IReadOnlyDictionary<string, long>[] mixes)
        {
            var expected = new Dictionary<string, long> { [Map] = maps };
            foreach (var handler in Handlers)
            {
                expected[handler] = mixes.Sum(m => m.TryGetValue(handler, out var n) ? n : 0);
            }

            return expected;
        }

        private static HttpRequestMessage Request(string handler, string name)
        {
            var escaped = Uri.EscapeDataString(name);
            return handler switch
            {
                "Welcome" => new HttpRequestMessage(HttpMethod.Get, "/welcome"),
                "Upload" => new HttpRequestMessage(HttpMethod.Get, "/upload"),
                "HelloQuery" => new HttpRequestMessage(HttpMethod.Get, "/hello?name=" + escaped),
                "HelloPath" => new HttpRequestMessage(HttpMethod.Get, "/hello/" + escaped),
                "HelloBody" => new HttpRequestMessage(HttpMethod.Post, "/hello")
                {
                    Content = new StringContent("{\"name\":\"" + name + "\"}", Encoding.UTF8, "application/json"),
                },
                _ => throw new ArgumentException("No route runs " + handler, nameof(handler)),
            };
        }
    }
}
