using Microsoft.AspNetCore.Http;

namespace CoverWeaver.Center.Api
{
    /// <summary>How the center answers a problem: the status and one JSON field saying what is wrong and what to do.</summary>
    internal static class Answers
    {
        public static IResult Problem(int status, string message) => Results.Json(new { error = message }, statusCode: status);
    }
}
