using HelloService;
using Microsoft.AspNetCore.Builder;

var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();
HelloRoutes.Map(app);
app.Run();
