using System;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;

namespace CoverWeaver.Center.Ingest
{
    /// <summary>
    /// A batch as bytes, the same on disk (the spool) and on the wire (a gateway's <c>POST
    /// /api/batches</c>): a first line naming the format, one line of JSON with the batch's
    /// metadata, then the export-format payload as it came from the target.
    /// </summary>
    internal static class BatchCodec
    {
        /// <summary>The media type of an encoded batch.</summary>
        public const string ContentType = "application/vnd.coverweaver.batch";

        private static readonly byte[] Signature = Encoding.ASCII.GetBytes("coverweaver-batch 1\n");

        public static byte[] Encode(Batch batch)
        {
            var meta = new MemoryStream();
            using (var json = new Utf8JsonWriter(meta))
            {
                json.WriteStartObject();
                json.WriteString("kind", batch.Kind.ToString().ToLowerInvariant());
                json.WriteString("service", batch.Service);
                json.WriteString("source", batch.Source);
                if (batch.Sequence is long sequence)
                {
                    json.WriteNumber("sequence", sequence);
                }

                json.WriteString("takenAt", batch.TakenAt.ToString("O", CultureInfo.InvariantCulture));
                if (batch.HarvestKey != null)
                {
                    json.WriteString("harvestKey", batch.HarvestKey);
                }

                if (batch.Commit != null)
                {
                    json.WriteString("commit", batch.Commit);
                }

                json.WriteString("origin", batch.Origin);
                json.WriteEndObject();
            }

            var bytes = new byte[Signature.Length + meta.Length + 1 + batch.Payload.Length];
            Signature.CopyTo(bytes, 0);
            meta.ToArray().CopyTo(bytes, Signature.Length);
            bytes[Signature.Length + meta.Length] = (byte)'\n';
            batch.Payload.CopyTo(bytes, Signature.Length + meta.Length + 1);
            return bytes;
        }

        /// <summary>Reads a batch; anything malformed is an <see cref="InvalidDataException"/> naming <paramref name="what"/> and the problem.</summary>
        public static Batch Decode(byte[] bytes, string what)
        {
            if (bytes.Length < Signature.Length || !bytes.AsSpan(0, Signature.Length).SequenceEqual(Signature))
            {
                throw new InvalidDataException($"{what} is not a coverweaver batch (it must start with '{Encoding.ASCII.GetString(Signature).Trim()}').");
            }

            var end = Array.IndexOf(bytes, (byte)'\n', Signature.Length);
            if (end < 0)
            {
                throw new InvalidDataException($"{what}: the batch's metadata line has no end.");
            }

            try
            {
                using var meta = JsonDocument.Parse(bytes.AsMemory(Signature.Length, end - Signature.Length));
                var root = meta.RootElement;
                var kind = Enum.TryParse<BatchKind>(Text(root, "kind", what), ignoreCase: true, out var k)
                    ? k
                    : throw new InvalidDataException($"{what}: kind must be pull, harvest or push.");
                long? sequence = root.TryGetProperty("sequence", out var s) ? s.GetInt64() : null;
                var takenAt = DateTimeOffset.Parse(Text(root, "takenAt", what), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
                var payload = bytes.AsSpan(end + 1).ToArray();
                return new Batch(kind, Text(root, "service", what), Text(root, "source", what), sequence, takenAt, payload)
                {
                    HarvestKey = root.TryGetProperty("harvestKey", out var h) ? h.GetString() : null,
                    Commit = root.TryGetProperty("commit", out var c) ? c.GetString() : null,
                    Origin = root.TryGetProperty("origin", out var o) ? o.GetString() ?? "" : "",
                };
            }
            catch (Exception e) when (e is JsonException || e is FormatException || e is InvalidOperationException)
            {
                throw new InvalidDataException($"{what}: the batch's metadata is not valid: {e.Message}");
            }
        }

        private static string Text(JsonElement root, string name, string what) =>
            root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
                ? text
                : throw new InvalidDataException($"{what}: the batch's metadata has no {name}.");
    }
}
