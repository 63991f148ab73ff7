package io.darkwatch.common.anomaly;

/** How bad an anomaly is; detectors document when they say which. */
public enum Severity {
    WARNING,
    CRITICAL
}
