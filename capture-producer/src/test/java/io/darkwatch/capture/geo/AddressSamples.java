package io.darkwatch.capture.geo;

import com.maxmind.db.DatabaseRecord;
import com.maxmind.db.InvalidNetworkException;
import com.maxmind.db.Network;
import com.maxmind.db.Networks;
import com.maxmind.db.Reader;
import io.darkwatch.common.packet.IpAddress;
import io.darkwatch.common.packet.SpecialPurposeAddresses;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Addresses for property tests of GeoIP answers, where wrong cache hits would hide: every network
 * of a database (its first and last address, a random one inside, and the neighbours just outside,
 * which belong to other networks), uniformly random IPv4 and IPv6 addresses, and the special-purpose
 * blocks with their edges. Seeded, so a failure can be replayed.
 */
final class AddressSamples {
    /** IPv6 blocks of {@link SpecialPurposeAddresses} (its list is private), to sample around. */
    static final List<String> SPECIAL_V6 = List.of("100::/64", "2001:db8::/32", "3fff::/20", "fc00::/7", "fe80::/10",
            "ff00::/8", "::/128", "::1/128");

    private final SplittableRandom random;
    private final List<IpAddress> out = new ArrayList<>();

    AddressSamples(long seed) {
        this.random = new SplittableRandom(seed);
    }

    List<IpAddress> addresses() {
        return out;
    }

    /** Around each of the first {@code limit} networks of the database (IPv4 ones come first in MaxMind trees). */
    AddressSamples networksOf(Reader reader, int limit) {
        try {
            Networks<Map> networks = reader.networks(false, Map.class);
            for (int i = 0; i < limit && networks.hasNext(); i++) {
                DatabaseRecord<Map> record = networks.next();
                around(toIpNetwork(record.getNetwork()));
            }
        } catch (IOException | InvalidNetworkException e) {
            throw new IllegalStateException("cannot list the networks of a test database", e);
        }
        return this;
    }

    /** First, last, one random inside, and the addresses just before and after. */
    AddressSamples around(IpNetwork n) {
        IpAddress first = n.base();
        IpAddress last = last(n);
        out.add(first);
        out.add(last);
        out.add(inside(n));
        out.add(plus(first, -1));
        out.add(plus(last, 1));
        return this;
    }

    AddressSamples randomV4(int count) {
        for (int i = 0; i < count; i++) {
            out.add(IpAddress.ofV4(random.nextInt()));
        }
        return this;
    }

    AddressSamples randomV6(int count) {
        for (int i = 0; i < count; i++) {
            // half anywhere, half in 2000::/3 where the global unicast addresses are
            long high = random.nextLong();
            out.add(new IpAddress(i % 2 == 0 ? high : (high >>> 3) | 0x2000_0000_0000_0000L, random.nextLong()));
        }
        return this;
    }

    /** Random addresses of one block, e.g. many sources of one /16. */
    AddressSamples randomIn(IpNetwork n, int count) {
        for (int i = 0; i < count; i++) {
            out.add(inside(n));
        }
        return this;
    }

    AddressSamples specialPurpose() {
        for (long[] r : SpecialPurposeAddresses.ipv4Ranges()) {
            long size = r[1] - r[0] + 1;
            around(IpNetwork.around(IpAddress.ofV4((int) r[0]), 128 - Long.numberOfTrailingZeros(size)));
        }
        for (String block : SPECIAL_V6) {
            around(parse(block));
        }
        out.add(IpAddress.parse("::2"));
        return this;
    }

    static IpNetwork parse(String cidr) {
        int slash = cidr.indexOf('/');
        IpAddress base = IpAddress.parse(cidr.substring(0, slash));
        int prefix = Integer.parseInt(cidr.substring(slash + 1));
        return IpNetwork.around(base, base.isV4() ? IpNetwork.V4_OFFSET + prefix : prefix);
    }

    static IpNetwork toIpNetwork(Network n) {
        IpAddress base = IpAddress.of(n.getNetworkAddress());
        return IpNetwork.around(base, base.isV4() ? IpNetwork.V4_OFFSET + n.getPrefixLength() : n.getPrefixLength());
    }

    IpAddress inside(IpNetwork n) {
        long high = n.base().high() | (random.nextLong() & ~IpNetwork.highMask(n.prefixLength()));
        long low = n.base().low() | (random.nextLong() & ~IpNetwork.lowMask(n.prefixLength()));
        return new IpAddress(high, low);
    }

    static IpAddress last(IpNetwork n) {
        return new IpAddress(n.base().high() | ~IpNetwork.highMask(n.prefixLength()),
                n.base().low() | ~IpNetwork.lowMask(n.prefixLength()));
    }

    /** 128-bit addition with carry, wrapping at the ends of the address space. */
    static IpAddress plus(IpAddress a, long delta) {
        long low = a.low() + delta;
        long high = a.high();
        if (delta > 0 && Long.compareUnsigned(low, a.low()) < 0) {
            high++;
        } else if (delta < 0 && Long.compareUnsigned(low, a.low()) > 0) {
            high--;
        }
        return new IpAddress(high, low);
    }
}
