using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using CoverWeaver.Center.Ingest;
using CoverWeaver.Data;
using CoverWeaver.Model;

namespace CoverWeaver.Center.Gateway
{
    /// <summary>
    /// Batches on disk between the pull that took them (which zeroed the target's counters, so the
    /// batch is then the only copy) and the center's acknowledgement. Each batch is one file,
    /// written whole (<see cref="AtomicFile"/>) under a folder per source and named by its sequence
    /// number, so that a source's batches are delivered in order and a crash at any point leaves
    /// each batch either absent or complete. A batch the center refuses for good (damaged, another
    /// build under one build id) is moved to <c>refused/</c> rather than retried forever.
    /// </summary>
    internal sealed class Spool
    {
        private const string Extension = ".batch";

        public Spool(string directory)
        {
            Directory = Path.GetFullPath(directory);
            System.IO.Directory.CreateDirectory(Directory);
        }

        public string Directory { get; }

        /// <summary>Writes the batch; returns its file.</summary>
        public string Write(Batch batch)
        {
            var folder = Path.Combine(Directory, Folder(batch.Source));
            System.IO.Directory.CreateDirectory(folder);
            var name = (batch.Sequence ?? 0).ToString("D19", CultureInfo.InvariantCulture) + Extension;
            var path = Path.Combine(folder, name);
            AtomicFile.WriteAllBytes(path, BatchCodec.Encode(batch));
            return path;
        }

        /// <summary>Every spooled batch, grouped by source, each source's in sequence order.</summary>
        public List<List<string>> Pending()
        {
            return System.IO.Directory.GetDirectories(Directory)
                .Where(d => Path.GetFileName(d) != "refused")
                .Select(d => System.IO.Directory.GetFiles(d, "*" + Extension).Where(f => f.EndsWith(Extension, StringComparison.Ordinal)).OrderBy(f => f, StringComparer.Ordinal).ToList())
                .Where(files => files.Count > 0)
                .ToList();
        }

        /// <summary>The spooled batches of one source, in sequence order: a source's batches must arrive in order, or the later would make the earlier look like repeats.</summary>
        public List<string> PendingOf(string source)
        {
            var folder = Path.Combine(Directory, Folder(source));
            return System.IO.Directory.Exists(folder)
                ? System.IO.Directory.GetFiles(folder, "*" + Extension).Where(f => f.EndsWith(Extension, StringComparison.Ordinal)).OrderBy(f => f, StringComparer.Ordinal).ToList()
                : new List<string>();
        }

        public int Count => Pending().Sum(files => files.Count);

        public static Batch Read(string path) => BatchCodec.Decode(File.ReadAllBytes(path), $"Spooled batch {path}");

        /// <summary>The batch was acknowledged: it is no longer needed.</summary>
        public void Done(string path) => File.Delete(path);

        /// <summary>The center refused the batch for good: kept aside, with why, for a person to look at.</summary>
        public void Refuse(string path, string why)
        {
            var refused = Path.Combine(Directory, "refused");
            System.IO.Directory.CreateDirectory(refused);
            var target = Path.Combine(refused, Path.GetFileName(Path.GetDirectoryName(path)) + "-" + Path.GetFileName(path));
            File.Move(path, target, overwrite: true);
            File.WriteAllText(target + ".why.txt", why + Environment.NewLine, new UTF8Encoding(false));
        }

        private static string Folder(string source)
        {
            var bytes = Encoding.UTF8.GetBytes(source);
            return Fnv64.Of(bytes, 0, bytes.Length).ToString("x16", CultureInfo.InvariantCulture);
        }
    }
}
