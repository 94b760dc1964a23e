use std::process::ExitCode;

fn main() -> ExitCode {
    kneadle::main()
}
