using System;
using System.Diagnostics;
using System.Globalization;

namespace CoverWeaver.Push
{
    /// <summary>Where, what and how often to push; read from code or from the environment.</summary>
    internal sealed class PushSettings
    {
        public const string UrlVariable = "COVERWEAVER_PUSH_URL";
        public const string FormatVariable = "COVERWEAVER_PUSH_FORMAT";
        public const string IntervalVariable = "COVERWEAVER_PUSH_INTERVAL";
        public const string TokenVariable = "COVERWEAVER_PUSH_TOKEN";
        public const string ServiceNameVariable = "COVERWEAVER_SERVICE_NAME";
        public const string JobIdVariable = "COVERWEAVER_JOB_ID";

        public PushSettings(Uri url, PushFormat format, TimeSpan? interval, string? token)
        {
            Url = url;
            Format = format;
            Interval = interval;
            Token = token;
        }

        public Uri Url { get; }

        public PushFormat Format { get; }

        /// <summary>Null: push only at exit (and when asked).</summary>
        public TimeSpan? Interval { get; }

        public string? Token { get; }

        public string ServiceName { get; set; } = "coverweaver";

        public string JobId { get; set; } = DefaultJobId();

        /// <summary>
        /// The settings the environment gives, or null without <c>COVERWEAVER_PUSH_URL</c>. A value
        /// that does not parse is reported through <paramref name="warn"/>: a bad URL or format
        /// means no push (sending the wrong thing somewhere is worse), a bad interval means a push
        /// at exit only.
        /// </summary>
        public static PushSettings? FromEnvironment(Func<string, string?> variable, Action<string> warn)
        {
            var url = variable(UrlVariable);
            if (string.IsNullOrWhiteSpace(url))
            {
                return null;
            }

            if (!TryUrl(url!, out var uri))
            {
                warn($"{UrlVariable}='{url}' is not an http or https URL; coverage is not pushed.");
                return null;
            }

            var format = PushFormat.CoverWeaver;
            var formatText = variable(FormatVariable);
            if (!string.IsNullOrWhiteSpace(formatText) && !TryFormat(formatText!, out format))
            {
                warn($"{FormatVariable}='{formatText}' is neither coverweaver nor coveralls; coverage is not pushed.");
                return null;
            }

            TimeSpan? interval = null;
            var intervalText = variable(IntervalVariable);
            if (!string.IsNullOrWhiteSpace(intervalText))
            {
                if (double.TryParse(intervalText, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0 && seconds < int.MaxValue / 1000.0)
                {
                    interval = TimeSpan.FromSeconds(seconds);
                }
                else
                {
                    warn($"{IntervalVariable}='{intervalText}' is not a positive number of seconds; coverage is pushed at exit only.");
                }
            }

            var settings = new PushSettings(uri!, format, interval, NullIfEmpty(variable(TokenVariable)));
            settings.ServiceName = NullIfEmpty(variable(ServiceNameVariable)) ?? settings.ServiceName;
            settings.JobId = NullIfEmpty(variable(JobIdVariable)) ?? settings.JobId;
            return settings;
        }

        internal static bool TryUrl(string text, out Uri? url)
        {
            return Uri.TryCreate(text.Trim(), UriKind.Absolute, out url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps);
        }

        private static bool TryFormat(string text, out PushFormat format)
        {
            switch (text.Trim().ToLowerInvariant())
            {
                case "coverweaver":
                    format = PushFormat.CoverWeaver;
                    return true;
                case "coveralls":
                    format = PushFormat.Coveralls;
                    return true;
                default:
                    format = PushFormat.CoverWeaver;
                    return false;
            }
        }

        private static string? NullIfEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text!.Trim();

        private static string DefaultJobId()
        {
            try
            {
                using var process = Process.GetCurrentProcess();
                return Environment.MachineName + ":" + process.Id.ToString(CultureInfo.InvariantCulture);
            }
            catch (Exception e) when (e is InvalidOperationException || e is PlatformNotSupportedException || e is NotSupportedException)
            {
                return Environment.MachineName;
            }
        }
    }
}
