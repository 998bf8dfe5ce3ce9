using System;
using Microsoft.Testing.Platform.Builder;

namespace CoverWeaver.TestingPlatform
{
    /// <summary>
    /// Registers CoverWeaver's end-of-run work with a Microsoft.Testing.Platform test app. The build
    /// names this class in a <c>TestingPlatformBuilderHook</c> item only with <c>-p:CoverWeave=true</c>,
    /// and the app's generated entry point calls it.
    /// </summary>
    public static class TestingPlatformBuilderHook
    {
        /// <summary>Adds the session handler when the app's output holds a settings file naming the collector.</summary>
        /// <param name="builder">The test app's builder.</param>
        /// <param name="args">The app's command line (unused).</param>
        public static void AddExtensions(ITestApplicationBuilder builder, string[] args)
        {
            var settings = TestAppSettings.Beside(AppContext.BaseDirectory);
            if (settings == null)
            {
                return;
            }

            try
            {
                Register(builder, settings);
            }
            catch (Exception e) when (e is TypeLoadException || e is MissingMethodException || e is MissingMemberException)
            {
                // A platform whose extension API differs from the one this was built for: the tests
                // run as they would without coverage, and the counters are still kept.
                Console.Error.WriteLine($"CoverWeaver: this Microsoft.Testing.Platform cannot take the coverage extension ({e.Message}); the summary, reports and threshold are not done at the end of this run. The counters are kept in {settings.CountersDirectory}: coverweaver report reads them.");
            }
        }

        // Its own method: a platform without these types fails when this is compiled, inside the try above.
        private static void Register(ITestApplicationBuilder builder, TestAppSettings settings)
        {
            builder.TestHost.AddTestSessionLifetimeHandler(services => new CoverageAtSessionEnd(services, settings));
        }
    }
}
