package io.tbmock.app;

/** The launcher's entry point; exits with the command's code (0 after a clean stop, 1 if it cannot start, 2 on bad flags). */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(TbMockCommand.execute(System::getenv, args));
    }
}
