using System;
using System.Collections.Generic;
using System.IO;

namespace CoverWeaver.Data
{
    /// <summary>
    /// Adds up module snapshots from several sources under <see cref="BuildRule"/>, checking every
    /// sum for overflow: the one merge that an import into this process and the <c>coverweaver</c>
    /// tool's offline merge share. It only computes; callers decide what to do with the sums, so a
    /// refusal (an exception) leaves nothing half-added anywhere.
    /// </summary>
    internal sealed class ModuleSums
    {
        private readonly Func<ModuleId, (ModuleBuild Build, long[] Counts)?>? _existing;
        private readonly string _nothing;
        private readonly Dictionary<ModuleId, Sum> _sums = new Dictionary<ModuleId, Sum>();
        private readonly List<Sum> _order = new List<Sum>();

        /// <param name="existing">
        /// For a module met for the first time, the build and counts it is added to (this process's
        /// counters), or null when there are none and the sum starts at zero.
        /// </param>
        /// <param name="nothing">The sentence that ends a refusal: what was left undone ("Nothing was imported.").</param>
        public ModuleSums(Func<ModuleId, (ModuleBuild Build, long[] Counts)?>? existing, string nothing)
        {
            _existing = existing;
            _nothing = nothing;
        }

        /// <summary>
        /// Adds one module's data read from <paramref name="file"/>; throws <see cref="InvalidDataException"/>
        /// naming the file and module when the build rule refuses it or a count would pass 2^63.
        /// </summary>
        public void Add(ModuleSnapshot data, string file)
        {
            var id = data.Id;
            if (!_sums.TryGetValue(id, out var sum))
            {
                var counts = new long[data.Counts.Length];
                var start = _existing?.Invoke(id);
                if (start != null)
                {
                    Refuse(file, data, BuildRule.Mismatch(start.Value.Build, data.Build("the file")));
                    Array.Copy(start.Value.Counts, counts, counts.Length);
                }

                sum = new Sum(data, file, counts);
                _sums[id] = sum;
                _order.Add(sum);
            }
            else
            {
                var where = sum.File == file ? "another part of this file" : sum.File;
                Refuse(file, data, BuildRule.Mismatch(sum.First.Build(where), data.Build("the file")));
            }

            for (var i = 0; i < data.Counts.Length; i++)
            {
                try
                {
                    sum.Counts[i] = checked(sum.Counts[i] + data.Counts[i]);
                }
                catch (OverflowException)
                {
                    throw new InvalidDataException(
                        $"Coverage file {file}: counter {i} of module {data.Module.Name} would pass 2^63 with what is counted already (damaged); {Lower(_nothing)}");
                }
            }
        }

        /// <summary>Each module once, with its summed counts, in the order the modules were first met.</summary>
        public List<ModuleSnapshot> Snapshots()
        {
            var result = new List<ModuleSnapshot>(_order.Count);
            foreach (var sum in _order)
            {
                result.Add(new ModuleSnapshot(sum.First.Assembly, sum.First.Module, (long[])sum.Counts.Clone()));
            }

            return result;
        }

        private void Refuse(string file, ModuleSnapshot data, string? mismatch)
        {
            if (mismatch != null)
            {
                throw new InvalidDataException($"Coverage file {file}: module {data.Module.Name} of {data.Assembly.AssemblyName} cannot be added: {mismatch}. {_nothing}");
            }
        }

        private static string Lower(string sentence) => sentence.Length == 0 ? sentence : char.ToLowerInvariant(sentence[0]) + sentence.Substring(1);

        private sealed class Sum
        {
            public Sum(ModuleSnapshot first, string file, long[] counts)
            {
                First = first;
                File = file;
                Counts = counts;
            }

            /// <summary>The first data met for the module: what later data is checked against, and whose table the sum keeps.</summary>
            public ModuleSnapshot First { get; }

            public string File { get; }

            public long[] Counts { get; }
        }
    }
}
