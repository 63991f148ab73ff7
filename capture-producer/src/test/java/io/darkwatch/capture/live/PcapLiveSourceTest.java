package io.darkwatch.capture.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** pcap4j gives libpcap's text only: the kind of failure is read from it. Messages as libpcap 1.10 words them. */
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
        assertTrue(denied.getMessage().contains("setcap cap_net_raw,cap_net_admin=eip"), denied.getMessage());
        assertEquals(LiveCaptureException.Kind.CAPTURE_FAILED, other.kind());
        assertEquals("cannot capture on eth0: eth0: That device is not up", other.getMessage());
    }
}
