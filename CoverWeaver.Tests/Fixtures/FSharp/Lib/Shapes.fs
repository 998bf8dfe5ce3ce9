namespace Demo

open System.Threading.Tasks

type Shape =
    | Circle of float
    | Square of float
    | Rect of float * float

// Expected line counts after App/Program.cs runs once. Rules shown here: a `match ... with` line
// is executable (the matched value is evaluated there, once per match); a guard counts each time
// it is tried; where a line holds a closure, as the List.map line does, it counts its most-run
// part; `task {` and `seq {` run once when the function is called; a `for` line counts its tests.
module Shapes =
    let area shape =
        match shape with // hits 3
        | Circle r -> 3.0 * r * r // hits 1
        | Square s -> s * s // hits 2
        | Rect (w, h) -> w * h // hits 0

    let classify n =
        match n with // hits 3
        | 0 -> "zero" // hits 1
        | n when n < 0 -> "negative" // hits 2
        | _ -> "positive" // hits 2

    let makeAdder k =
        let add x = x + k // hits 3
        add // hits 1

    let scaleAll factor (xs: int list) =
        xs |> List.map (fun x -> x * factor) // hits 2

    let sumAsync (a: int) (b: int) =
        task { // hits 1
            let! x = Task.FromResult a // hits 1
            let! y = Task.FromResult b // hits 1
            return x + y // hits 1
        }

    let evens limit =
        seq { // hits 1
            for i in 0 .. limit do // hits 6
                if i % 2 = 0 then // hits 5
                    yield i // hits 3
        }
