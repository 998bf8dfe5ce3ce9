using System.Globalization;

namespace CoverWeaver.Reports
{
    /// <summary>
    /// Prints a percentage as every report shows it. Rounded to the nearest at the precision asked,
    /// as C's <c>printf</c> rounds the exact value of the double <c>covered * 100 / total</c> (ties
    /// to even), so the text table and the HTML agree digit for digit with genhtml's
    /// <c>lines......: X%</c>; and as genhtml does, never 100 unless every line ran, nor 0 unless
    /// none did, so a rounded figure never hides the one line missing or the one line run.
    /// </summary>
    internal static class Percent
    {
        /// <summary>The percentage with <paramref name="decimals"/> decimals, or <c>-</c> for no lines.</summary>
        public static string Format(Figure figure, int decimals = 1)
        {
            if (figure.Total == 0)
            {
                return "-";
            }

            var scale = 1L;
            for (var i = 0; i < decimals; i++)
            {
                scale *= 10;
            }

            var scaled = RoundHalfEven(figure.Covered * 100.0 / figure.Total, decimals);
            if (scaled == 100 * scale && figure.Covered != figure.Total)
            {
                scaled--;
            }
            else if (scaled == 0 && figure.Covered > 0)
            {
                scaled = 1;
            }

            var whole = (scaled / scale).ToString(CultureInfo.InvariantCulture);
            return decimals == 0 ? whole : whole + "." + (scaled % scale).ToString(CultureInfo.InvariantCulture).PadLeft(decimals, '0');
        }

        /// <summary>
        /// The value times 10^decimals rounded to an integer, judged on the double's exact decimal
        /// expansion (.NET prints it exactly): a tie only when the expansion ends in 5 right there.
        /// </summary>
        private static long RoundHalfEven(double value, int decimals)
        {
            // A percentage of line counts below 2^31 needs under 80 fractional digits to be exact.
            var exact = value.ToString("F100", CultureInfo.InvariantCulture);
            var point = exact.IndexOf('.');
            var kept = long.Parse(exact.Substring(0, point + 1 + decimals).Replace(".", ""), CultureInfo.InvariantCulture);
            var rest = exact.Substring(point + 1 + decimals).TrimEnd('0');
            if (rest.Length == 0 || rest[0] < '5')
            {
                return kept;
            }

            if (rest[0] > '5' || rest.Length > 1)
            {
                return kept + 1;
            }

            return kept % 2 == 0 ? kept : kept + 1;
        }
    }
}
