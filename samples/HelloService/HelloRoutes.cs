using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace HelloService
{
    /// <summary>The article's routes, one handler per route so each is a function of its own.</summary>
    public static class HelloRoutes
    {
        public static void Map(IEndpointRouteBuilder app)
        {
            app.MapGet("/welcome", Welcome);
            app.MapGet("/upload", Upload);
            app.MapGet("/hello", HelloQuery);
            app.MapGet("/hello/{name}", HelloPath);
            app.MapPost("/hello", HelloBody);
        }

        public static IResult Welcome()
        {
            return Results.Text("Welcome");
        }

        public static IResult Upload()
        {
            return Results.Text("Uploaded", statusCode: 201);
        }

        public static IResult HelloQuery(string? name)
        {
            return Results.Text("hello " + name);
        }

        public static IResult HelloPath(string name)
        {
            return Results.Text("hello " + name);
        }

        public static IResult HelloBody(HelloRequest request)
        {
            var name = request.Name ?? "";
            return Results.Text("hello " + name);
        }
    }

    /// <summary>The JSON body of POST /hello: <c>{"name": "John"}</c>.</summary>
    public sealed record HelloRequest(string? Name);
}
