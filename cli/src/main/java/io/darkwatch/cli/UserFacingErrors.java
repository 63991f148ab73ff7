package io.darkwatch.cli;

import io.darkwatch.capture.geo.GeoDatabaseException;
import io.darkwatch.capture.read.CaptureFileException;
import io.darkwatch.streams.settings.InvalidSettingsException;
import java.nio.file.NoSuchFileException;

/** Which failures are the user's input, and how to say what went wrong in one line. */
public final class UserFacingErrors {
    private UserFacingErrors() {
    }

    public static boolean isBadInput(Throwable e) {
        return e instanceof CaptureFileException || e instanceof InvalidSettingsException
                || e instanceof GeoDatabaseException || e instanceof NoSuchFileException
                || e instanceof io.darkwatch.simulator.scenario.InvalidScenarioException
                || e instanceof BadOptionException
                || e instanceof io.darkwatch.common.kafka.InvalidKafkaPropertiesException;
    }

    public static String describe(Throwable e) {
        if (e instanceof NoSuchFileException n) {
            return "no such file: " + n.getFile();
        }
        if (isBadInput(e) && e.getMessage() != null) {
            return e.getMessage();
        }
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
