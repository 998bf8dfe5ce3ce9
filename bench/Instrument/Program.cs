using System;
using CoverWeaver.Fody.Instrumentation;

// instrument <assembly> <count|set>
if (args.Length != 2)
{
    Console.Error.WriteLine("usage: instrument <assembly> <count|set>");
    return 2;
}

var result = AssemblyInstrumenter.Instrument(args[0], options: new WeaveOptions { Mode = WeaveOptions.ParseMode(args[1], "mode") });
return result.Instrumented ? 0 : 1;
