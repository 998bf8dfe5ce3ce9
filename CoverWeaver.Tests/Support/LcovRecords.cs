using System;
using System.Collections.Generic;

namespace CoverWeaver.Tests.Support
{
    /// <summary>An LCOV tracefile read back, one record per <c>SF:</c>, failing on any line it does not know.</summary>
    internal sealed class LcovRecords
    {
        public string File { get; private set; } = "";

        public Dictionary<int, long> Lines { get; } = new Dictionary<int, long>();

        public Dictionary<string, (int Line, long Calls)> Functions { get; } = new Dictionary<string, (int, long)>();

        public Dictionary<string, long> Summary { get; } = new Dictionary<string, long>();

        public static List<LcovRecords> Parse(string text)
        {
            var records = new List<LcovRecords>();
            LcovRecords? current = null;
            foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                var colon = line.IndexOf(':');
                var tag = colon < 0 ? line : line.Substring(0, colon);
                var value = colon < 0 ? "" : line.Substring(colon + 1);
                switch (tag)
                {
                    case "TN":
                        current = new LcovRecords();
                        break;
                    case "SF":
                        current!.File = value;
                        break;
                    case "FN":
                        var fn = value.Split(',', 2);
                        current!.Functions.Add(fn[1], (int.Parse(fn[0]), -1));
                        break;
                    case "FNDA":
                        var fnda = value.Split(',', 2);
                        current!.Functions[fnda[1]] = (current.Functions[fnda[1]].Line, long.Parse(fnda[0]));
                        break;
                    case "DA":
                        var da = value.Split(',');
                        current!.Lines.Add(int.Parse(da[0]), long.Parse(da[1]));
                        break;
                    case "FNF":
                    case "FNH":
                    case "LF":
                    case "LH":
                        current!.Summary.Add(tag, long.Parse(value));
                        break;
                    case "end_of_record":
                        records.Add(current!);
                        current = null;
                        break;
                    default:
                        throw new FormatException("Unexpected LCOV line: " + line);
                }
            }

            if (current != null)
            {
                throw new FormatException("The last record has no end_of_record.");
            }

            return records;
        }
    }
}
