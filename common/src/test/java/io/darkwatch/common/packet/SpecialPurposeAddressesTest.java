package io.darkwatch.common.packet;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SpecialPurposeAddressesTest {
    @ParameterizedTest
    @ValueSource(strings = {"0.1.2.3", "10.20.30.40", "100.64.0.1", "100.127.255.255", "127.0.0.1", "169.254.9.9",
        "172.16.0.1", "172.31.255.255", "192.0.0.8", "192.0.2.1", "192.88.99.1", "192.168.2.16", "198.18.0.1",
        "198.19.255.255", "198.51.100.7", "203.0.113.5", "224.0.0.251", "239.255.255.250", "240.0.0.1",
        "255.255.255.255", "::", "::1", "100::1", "2001:db8::1", "3fff::1", "fc00::1", "fd12:3456::1", "fe80::1",
        "ff02::1"})
    void shouldTreatSpecialPurposeBlocksAsBelongingToNoCountry(String address) {
        assertTrue(SpecialPurposeAddresses.isNonGlobal(IpAddress.parse(address)), address);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.1.1.1", "8.8.8.8", "100.63.255.255", "100.128.0.0", "172.15.255.255", "172.32.0.0",
        "192.0.1.1", "192.169.0.1", "198.17.255.255", "198.20.0.0", "203.0.114.1", "223.255.255.255", "2001:4860::8888",
        "2002:c0a8:201::", "2a00:1450::1", "fec0::1", "3fff:1000::1"})
    void shouldLookUpEveryOtherAddress(String address) {
        assertFalse(SpecialPurposeAddresses.isNonGlobal(IpAddress.parse(address)), address);
    }
}
