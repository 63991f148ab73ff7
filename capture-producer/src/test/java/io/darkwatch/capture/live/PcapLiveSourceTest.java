package io.darkwatch.capture.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.pcap4j.core.PcapNativeException;

/** pcap4j gives libpcap's text, and pcap_activate's code where it has one. Messages as libpcap 1.10 words them. */
class PcapLiveSourceTest {
    @Test
    void shouldTellAMissingDeviceFromAMissingPrivilege() {
        LiveCaptureException missing = PcapLiveSource.classify("eth9",
                new Exception("eth9: No such device exists (SIOCGIFHWADDR: No such device)"));
        LiveCaptureException denied = PcapLiveSource.classify("eth0",
                new Exception("eth0: You don't have permission to perform this capture on that device "
                        + "(socket: Operation not permitted)"));
        LiveCaptureException other = PcapLiveSource.classify("eth0", new Exception("eth0: That device is not up"));

        assertEquals(LiveCaptureException.Kind.NO_SUCH_DEVICE, missing.kind());
        assertEquals(LiveCaptureException.Kind.PERMISSION_DENIED, denied.kind());
        assertEquals(LiveCaptureException.Kind.CAPTURE_FAILED, other.kind());
        assertEquals("cannot capture on eth0: eth0: That device is not up", other.getMessage());
    }

    @Test
    void shouldNameTheMissingCapabilityAndHowToGrantItWhenLibpcapIsRefused() {
        // Given pcap_activate's answer for a process without CAP_NET_RAW (libpcap 1.10.3, uid 65534)
        PcapNativeException refused = new PcapNativeException("socket: Operation not permitted", -8);

        // When it is classified
        LiveCaptureException e = PcapLiveSource.classify("lo", refused);

        // Then the message says what is missing and every usual way to grant it, and nothing more than it needs
        assertEquals(LiveCaptureException.Kind.PERMISSION_DENIED, e.kind());
        assertEquals("cannot capture on lo: socket: Operation not permitted; the process lacks CAP_NET_RAW, the one "
                + "capability capturing needs (no root needed): grant it with systemd "
                + "AmbientCapabilities=CAP_NET_RAW, docker run --cap-add NET_RAW, Kubernetes "
                + "securityContext.capabilities.add: [NET_RAW], or sudo setcap cap_net_raw=eip on the java binary",
                e.getMessage());
    }

    @Test
    void shouldTrustLibpcapsReturnCodeOverItsWording() {
        // Given codes from pcap_activate whose text names neither cause
        LiveCaptureException denied = PcapLiveSource.classify("eth0", new PcapNativeException("eth0: refused", -8));
        LiveCaptureException missing = PcapLiveSource.classify("eth9", new PcapNativeException("eth9: gone", -5));
        LiveCaptureException other = PcapLiveSource.classify("eth0", new PcapNativeException("eth0: busy", -1));

        // Then the code decides the kind
        assertEquals(LiveCaptureException.Kind.PERMISSION_DENIED, denied.kind());
        assertTrue(denied.getMessage().contains("CAP_NET_RAW"), denied.getMessage());
        assertEquals(LiveCaptureException.Kind.NO_SUCH_DEVICE, missing.kind());
        assertEquals(LiveCaptureException.Kind.CAPTURE_FAILED, other.kind());
    }
}
