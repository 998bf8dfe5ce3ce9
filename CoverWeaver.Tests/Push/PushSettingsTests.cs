using System;
using System.Collections.Generic;
using CoverWeaver.Push;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CoverWeaver.Tests.Push
{
    /// <summary>Reading the push set-up from the environment: what parses, and what a bad value means.</summary>
    [TestClass]
    public sealed class PushSettingsTests
    {
        [TestMethod]
        public void NoUrlMeansNoPush()
        {
            var warnings = new List<string>();
            Assert.IsNull(PushSettings.FromEnvironment(Env(new Dictionary<string, string> { ["COVERWEAVER_PUSH_FORMAT"] = "coveralls" }), warnings.Add));
            Assert.IsEmpty(warnings);
        }

        [TestMethod]
        public void EveryVariableIsRead()
        {
            var settings = PushSettings.FromEnvironment(Env(new Dictionary<string, string>
            {
                ["COVERWEAVER_PUSH_URL"] = "https://ci.example.org/api/v1/jobs",
                ["COVERWEAVER_PUSH_FORMAT"] = " Coveralls ",
                ["COVERWEAVER_PUSH_INTERVAL"] = "2.5",
                ["COVERWEAVER_PUSH_TOKEN"] = "abc",
                ["COVERWEAVER_SERVICE_NAME"] = "svc",
                ["COVERWEAVER_JOB_ID"] = "42",
            }), message => Assert.Fail(message))!;

            Assert.AreEqual(new Uri("https://ci.example.org/api/v1/jobs"), settings.Url);
            Assert.AreEqual(PushFormat.Coveralls, settings.Format);
            Assert.AreEqual(TimeSpan.FromSeconds(2.5), settings.Interval);
            Assert.AreEqual("abc", settings.Token);
            Assert.AreEqual("svc", settings.ServiceName);
            Assert.AreEqual("42", settings.JobId);
        }

        [TestMethod]
        [DataRow("COVERWEAVER_PUSH_URL", "not a url", true)]
        [DataRow("COVERWEAVER_PUSH_FORMAT", "lcov", true)]
        [DataRow("COVERWEAVER_PUSH_INTERVAL", "-3", false)]
        [DataRow("COVERWEAVER_PUSH_INTERVAL", "soon", false)]
        public void ABadValueIsReportedByName(string variable, string value, bool noPush)
        {
            var environment = new Dictionary<string, string> { ["COVERWEAVER_PUSH_URL"] = "http://127.0.0.1:9/push", [variable] = value };
            var warnings = new List<string>();

            var settings = PushSettings.FromEnvironment(Env(environment), warnings.Add);

            Assert.AreEqual(noPush, settings == null);
            Assert.HasCount(1, warnings);
            StringAssert.Contains(warnings[0], variable);
            StringAssert.Contains(warnings[0], value);
            if (settings != null)
            {
                Assert.IsNull(settings.Interval, "a bad interval leaves the push at exit");
                Assert.AreEqual(PushFormat.CoverWeaver, settings.Format, "the default format");
            }
        }

        private static Func<string, string?> Env(Dictionary<string, string> values) =>
            name => values.TryGetValue(name, out var value) ? value : null;
    }
}
