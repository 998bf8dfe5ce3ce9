using System;

namespace CoverWeaver.Bench.Calls.Hot
{
    /// <summary>A small class hierarchy whose members are one-line virtual overrides.</summary>
    public abstract class Shape
    {
        public abstract double Area();

        public abstract double Perimeter();

        public virtual int Corners => 0;
    }

    public sealed class Circle : Shape
    {
        private readonly double _radius;

        public Circle(double radius) => _radius = radius;

        public override double Area() => Math.PI * _radius * _radius;

        public override double Perimeter() => 2 * Math.PI * _radius;
    }

    public sealed class Rectangle : Shape
    {
        private readonly double _width;
        private readonly double _height;

        public Rectangle(double width, double height) => (_width, _height) = (width, height);

        public override double Area() => _width * _height;

        public override double Perimeter() => 2 * (_width + _height);

        public override int Corners => 4;
    }

    public sealed class Triangle : Shape
    {
        private readonly double _side;

        public Triangle(double side) => _side = side;

        public override double Area() => _side * _side * 0.4330127018922193;

        public override double Perimeter() => 3 * _side;

        public override int Corners => 3;
    }

    /// <summary>Virtual calls on a mixed array of shapes.</summary>
    public sealed class Shapes
    {
        private readonly Shape[] _shapes;

        public Shapes(int count)
        {
            var random = new Random(15);
            _shapes = new Shape[count];
            for (var i = 0; i < count; i++)
            {
                var size = 1 + random.NextDouble() * 10;
                // One type clearly first (see Payments): the JIT's guess at the virtual calls is stable.
                _shapes[i] = random.Next(10) switch
                {
                    < 6 => new Rectangle(size, size / 2),
                    < 9 => new Circle(size),
                    _ => new Triangle(size),
                };
            }
        }

        public long Pass()
        {
            double area = 0;
            double perimeter = 0;
            var corners = 0;
            foreach (var shape in _shapes)
            {
                area += shape.Area();
                perimeter += shape.Perimeter();
                corners += shape.Corners;
            }

            return (long)area + (long)perimeter + corners;
        }
    }
}
