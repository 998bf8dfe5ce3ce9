using Microsoft.AspNetCore.Routing;

namespace CoverWeaver.Center.Pages
{
    /// <summary>The center's pages: server-rendered HTML with inline style, nothing fetched from elsewhere.</summary>
    internal static class PageEndpoints
    {
        public static void Map(IEndpointRouteBuilder app, CenterContext center)
        {
        }
    }
}
