using System;
using CoverWeaver.Center.Api;
using CoverWeaver.Center.Gateway;
using CoverWeaver.Center.Runs;
using CoverWeaver.Center.Store;
using CoverWeaver.Center.Views;

namespace CoverWeaver.Center
{
    /// <summary>The center's parts, one instance each, handed to the API and the pages.</summary>
    internal sealed class CenterContext
    {
        public CenterContext(CenterOptions options, ICoverageStore store, TargetSet targets, Scraper scraper, Action<string> log)
        {
            Options = options;
            Store = store;
            Targets = targets;
            Scraper = scraper;
            Log = log;
            Gateways = new GatewayCoordinator();
            Views = new CoverageViews(store);
            Runs = new RunControl(store, scraper, Gateways, options.PullTimeout, Views, log);
            Guard = new WriteGuard(options.Token);
        }

        public CenterOptions Options { get; }

        public ICoverageStore Store { get; }

        public TargetSet Targets { get; }

        public Scraper Scraper { get; }

        public RunControl Runs { get; }

        /// <summary>Gateways of their own, asked to pull when a run starts or ends.</summary>
        public GatewayCoordinator Gateways { get; }

        public WriteGuard Guard { get; }

        public CoverageViews Views { get; }

        public Action<string> Log { get; }
    }
}
