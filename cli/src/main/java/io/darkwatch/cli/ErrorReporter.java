package io.darkwatch.cli;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns a failure into one line on stderr and an exit code, instead of a stack trace: users of a
 * CLI need to know what was wrong with their input, not where in the code it was noticed. Set
 * DARKWATCH_DEBUG=1 to get the stack trace as well.
 */
final class ErrorReporter implements IExecutionExceptionHandler {
    /** Bad input: a file, an option, a setting. */
    static final int BAD_INPUT = 2;
    /** Something failed while running. */
    static final int FAILED = 1;

    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parseResult) {
        System.err.println(cmd.getCommandSpec().qualifiedName() + ": " + UserFacingErrors.describe(e));
        if (System.getenv("DARKWATCH_DEBUG") != null) {
            e.printStackTrace();
        }
        return UserFacingErrors.isBadInput(e) ? BAD_INPUT : FAILED;
    }
}
