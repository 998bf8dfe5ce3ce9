using System.Collections.Generic;
using System.Linq;
using CoverWeaver.Fody.Instrumentation;
using Fody;

namespace CoverWeaver.Fody
{
    /// <summary>
    /// The Fody addin. It only connects Fody to <see cref="ModuleInstrumenter"/>: weaving happens
    /// when the build defines <c>COVERWEAVE</c> (<c>dotnet build -p:CoverWeave=true</c>); the
    /// define also changes the compiler's inputs, so switching it never leaves a stale build.
    /// </summary>
    public sealed class ModuleWeaver : BaseModuleWeaver
    {
        /// <summary>The define that switches weaving on.</summary>
        public const string SwitchDefine = "COVERWEAVE";

        /// <summary>The define that carries <c>-p:CoverWeaveMode</c>: <c>COVERWEAVE_MODE_SET</c> or <c>COVERWEAVE_MODE_COUNT</c>.</summary>
        public const string ModeDefinePrefix = "COVERWEAVE_MODE_";

        /// <inheritdoc />
        public override bool ShouldCleanReference => false;

        /// <inheritdoc />
        public override void Execute()
        {
            if (!DefineConstants.Contains(SwitchDefine))
            {
                WriteInfo("CoverWeaver: coverage weaving is off; build with -p:CoverWeave=true to count lines.");
                return;
            }

            WeaveOptions options;
            try
            {
                options = WeaveOptions.FromXml(Config);
                var modeDefine = DefineConstants.FirstOrDefault(d => d.StartsWith(ModeDefinePrefix, System.StringComparison.Ordinal));
                if (modeDefine != null)
                {
                    // -p:CoverWeaveMode=... on the command line wins over FodyWeavers.xml.
                    options.Mode = WeaveOptions.ParseMode(modeDefine.Substring(ModeDefinePrefix.Length), "-p:CoverWeaveMode");
                }
            }
            catch (WeaveException e)
            {
                WriteError(e.Message);
                return;
            }

            // The project's directory finds the sources when a deterministic build maps their paths to /_/.
            new ModuleInstrumenter(options, new FodyLog(this)).Instrument(ModuleDefinition, ProjectDirectoryPath);
        }

        /// <inheritdoc />
        public override IEnumerable<string> GetAssembliesForScanning() => Enumerable.Empty<string>();

        private sealed class FodyLog : IWeaveLog
        {
            private readonly ModuleWeaver _weaver;

            public FodyLog(ModuleWeaver weaver) => _weaver = weaver;

            public void Info(string message) => _weaver.WriteInfo("CoverWeaver: " + message);

            public void Warning(string message) => _weaver.WriteWarning("CoverWeaver: " + message);
        }
    }
}
