using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading.Tasks;
using CoverWeaver.AspNetCore;
using CoverWeaver.Data;
using Fixtures.Woven;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CoverWeaver.Tests.AspNetCore
{
    /// <summary>The endpoint mounted in a real ASP.NET Core app on loopback: same protocol, same rules.</summary>
    [TestClass]
    public sealed class MapCoverWeaverTests
    {
        private const string Token = "test-token-for-the-mounted-endpoint";
        private const string TokenVariable = "COVERWEAVER_TOKEN";

        [TestMethod]
        public async Task TheMountedEndpointServesSnapshotsAndResetsWithTheToken()
        {
            await using var app = await StartApp(Token);
            using var client = Client(app, Token);

            Concurrency.Spin(7);
            var summary = await client.GetAsync("/cover/summary");
            Assert.AreEqual(HttpStatusCode.OK, summary.StatusCode);
            StringAssert.Contains(await summary.Content.ReadAsStringAsync(), "\"module\":\"Fixtures.Woven.Concurrency\"");

            var snapshot = await client.GetAsync("/cover/snapshot");
            Assert.AreEqual("application/vnd.coverweaver.coverage", snapshot.Content.Headers.ContentType!.MediaType);
            var modules = CoverageFile.Decode(await snapshot.Content.ReadAsByteArrayAsync(), "mounted snapshot");
            var concurrency = modules.Single(m => m.Module.Name == "Fixtures.Woven.Concurrency");
            Assert.IsTrue(concurrency.Counts.Any(c => c >= 7), "the snapshot carries the loop's counts");

            var reset = await client.PostAsync("/cover/snapshot?reset=true", null);
            Assert.AreEqual(HttpStatusCode.OK, reset.StatusCode);
            var lines = Cover.Analyse("Fixtures.Woven.Concurrency", Analysis.Calls, Level.Line);
            Assert.IsTrue(lines.All(row => row.Calls == 0), "a snapshot taken with reset leaves the counters at zero");

            Assert.AreEqual(HttpStatusCode.NotFound, (await client.GetAsync("/cover/nothing-here")).StatusCode);
        }

        [TestMethod]
        public async Task WithoutTheTokenRequestsAreRefusedAndWithoutAnyTokenPostIsRefused()
        {
            await using (var app = await StartApp(Token))
            {
                using var anonymous = Client(app, null);
                Assert.AreEqual(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/cover/summary")).StatusCode);
                Assert.AreEqual(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("/cover/reset", null)).StatusCode);
            }

            await using (var open = await StartApp(null, allowLoopbackWithoutToken: true))
            {
                using var client = Client(open, null);
                Assert.AreEqual(HttpStatusCode.OK, (await client.GetAsync("/cover/health")).StatusCode, "loopback reads need no token");
                Assert.AreEqual(HttpStatusCode.Forbidden, (await client.PostAsync("/cover/reset", null)).StatusCode, "changes need a token");
            }
        }

        [TestMethod]
        public async Task HeadAnswersAsGetWithTheSameHeadersAndNoBody()
        {
            await using var app = await StartApp(Token);
            using var client = Client(app, Token);
            Concurrency.Spin(3);

            foreach (var path in new[] { "/cover/health", "/cover/summary", "/cover/snapshot", "/cover/lcov", "/cover/builds" })
            {
                using var get = await client.GetAsync(path);
                var body = await get.Content.ReadAsByteArrayAsync();
                using var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, path));

                Assert.AreEqual(HttpStatusCode.OK, get.StatusCode, path);
                Assert.AreEqual(get.StatusCode, head.StatusCode, path);
                Assert.AreEqual(get.Content.Headers.ContentType?.ToString(), head.Content.Headers.ContentType?.ToString(), path);
                // Read as sent: HttpClient would otherwise compute a length from the body it read.
                Assert.AreEqual(body.Length.ToString(), SentLength(get), path + ": GET states its length");
                Assert.AreEqual(SentLength(get), SentLength(head), path);
                Assert.IsEmpty(await head.Content.ReadAsByteArrayAsync(), path);
            }

            using var refused = await Client(app, null).SendAsync(new HttpRequestMessage(HttpMethod.Head, "/cover/summary"));
            Assert.AreEqual(HttpStatusCode.Unauthorized, refused.StatusCode, "HEAD is refused as GET is");
        }

        [TestMethod]
        public void WithoutATokenOrTheLoopbackOptOutMappingThrowsNamingTheFix()
        {
            WithoutEnvironmentToken(() =>
            {
                var app = WebApplication.CreateBuilder().Build();
                var error = Assert.ThrowsExactly<InvalidOperationException>(() => app.MapCoverWeaver("/cover"));
                StringAssert.Contains(error.Message, "COVERWEAVER_TOKEN");
                StringAssert.Contains(error.Message, "allowLoopbackWithoutToken: true");
            });
        }

        [TestMethod]
        public async Task TheTokenFromTheEnvironmentIsRequiredOfEveryRequest()
        {
            var saved = Environment.GetEnvironmentVariable(TokenVariable);
            Environment.SetEnvironmentVariable(TokenVariable, Token);
            try
            {
                await using var app = await StartApp(token: null);
                using var anonymous = Client(app, null);
                using var client = Client(app, Token);
                Assert.AreEqual(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/cover/health")).StatusCode);
                Assert.AreEqual(HttpStatusCode.OK, (await client.GetAsync("/cover/health")).StatusCode);
            }
            finally
            {
                Environment.SetEnvironmentVariable(TokenVariable, saved);
            }
        }

        [TestMethod]
        public async Task WithTheOptOutAProxiedRequestIsRefusedAndWithATokenItIsServed()
        {
            await using (var open = await StartApp(null, allowLoopbackWithoutToken: true))
            {
                using var proxied = Client(open, null);
                // What a reverse proxy on this machine sends: the connection is from 127.0.0.1, the client is not.
                proxied.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.7");
                Assert.AreEqual(HttpStatusCode.Forbidden, (await proxied.GetAsync("/cover/snapshot")).StatusCode);
                using var direct = Client(open, null);
                Assert.AreEqual(HttpStatusCode.OK, (await direct.GetAsync("/cover/snapshot")).StatusCode, "the same client, unproxied, is local");
            }

            await using (var secured = await StartApp(Token))
            {
                using var proxied = Client(secured, Token);
                proxied.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.7");
                Assert.AreEqual(HttpStatusCode.OK, (await proxied.GetAsync("/cover/snapshot")).StatusCode, "the token is what counts");
            }
        }

        [TestMethod]
        public async Task WithTheOptOutAnUnknownRemoteAddressIsNotLoopback()
        {
            // Some servers (in-memory test hosts, some proxies' transports) give no remote address.
            await using var app = await StartApp(null, allowLoopbackWithoutToken: true, forgetRemoteAddress: true);
            using var client = Client(app, null);

            var response = await client.GetAsync("/cover/summary");

            Assert.AreEqual(HttpStatusCode.Forbidden, response.StatusCode, await response.Content.ReadAsStringAsync());
        }

        [TestMethod]
        public void APrefixMustBeAPath()
        {
            var app = WebApplication.CreateBuilder().Build();
            Assert.ThrowsExactly<ArgumentException>(() => app.MapCoverWeaver("cover"));
        }

        private static async Task<WebApplication> StartApp(string? token, bool allowLoopbackWithoutToken = false, bool forgetRemoteAddress = false)
        {
            var builder = WebApplication.CreateBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            var app = builder.Build();
            if (forgetRemoteAddress)
            {
                app.Use((context, next) =>
                {
                    context.Connection.RemoteIpAddress = null;
                    return next(context);
                });
            }

            app.MapCoverWeaver("/cover", token, allowLoopbackWithoutToken);
            await app.StartAsync();
            return app;
        }

        /// <summary>Runs <paramref name="test"/> with COVERWEAVER_TOKEN unset, whatever the environment the tests run in.</summary>
        private static void WithoutEnvironmentToken(Action test)
        {
            var saved = Environment.GetEnvironmentVariable(TokenVariable);
            Environment.SetEnvironmentVariable(TokenVariable, null);
            try
            {
                test();
            }
            finally
            {
                Environment.SetEnvironmentVariable(TokenVariable, saved);
            }
        }

        private static string? SentLength(HttpResponseMessage response) =>
            response.Content.Headers.NonValidated.TryGetValues("Content-Length", out var values) ? values.ToString() : null;

        private static HttpClient Client(WebApplication app, string? token)
        {
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            var client = new HttpClient { BaseAddress = new Uri(address) };
            if (token != null)
            {
                client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            return client;
        }
    }
}
