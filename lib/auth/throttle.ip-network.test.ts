import { describe, expect, it } from "vitest";
import { ipNetwork, ipNetworks } from "./throttle";

describe("ipNetwork", () => {
  it("keeps an IPv4 address as it is", () => {
    expect(ipNetwork("192.0.2.1")).toBe("192.0.2.1");
  });

  it("puts every address of one IPv6 /64 in one bucket, whatever its text form", () => {
    const forms = [
      "2001:db8:1:2::1",
      "2001:DB8:1:2:ffff:ffff:ffff:ffff",
      "2001:0db8:0001:0002:0:0:0:9",
      "fe80::1%eth0",
    ];
    expect(forms.map(ipNetwork)).toEqual([
      "2001:db8:1:2::/64",
      "2001:db8:1:2::/64",
      "2001:db8:1:2::/64",
      "fe80:0:0:0::/64",
    ]);
    expect(ipNetwork("2001:db8:1:3::1")).not.toBe(ipNetwork("2001:db8:1:2::1"));
    expect(ipNetwork("::1")).toBe("0:0:0:0::/64");
  });

  it("reads an IPv4 address carried in IPv6 (mapped, translated, NAT64) as that address", () => {
    expect(ipNetwork("::ffff:192.0.2.1")).toBe("192.0.2.1");
    expect(ipNetwork("::FFFF:c000:0201")).toBe("192.0.2.1");
    expect(ipNetwork("::ffff:0:192.0.2.1")).toBe("192.0.2.1");
    expect(ipNetwork("64:ff9b::192.0.2.1")).toBe("192.0.2.1");
    expect(ipNetwork("64:ff9b::1:192.0.2.1")).toBe("64:ff9b:0:0::/64");
  });

  it("counts an IPv6 client in its /64, /56 and /48; an IPv4 one in its address only", () => {
    expect(ipNetworks("2001:db8:1:23ab::9")).toEqual([
      "2001:db8:1:23ab::/64",
      "2001:db8:1:2300::/56",
      "2001:db8:1::/48",
    ]);
    expect(ipNetworks("2001:db8:1:23ff::9")[1]).toBe(ipNetworks("2001:db8:1:2300::1")[1]);
    expect(ipNetworks("2001:db8:1:2400::9")[1]).not.toBe(ipNetworks("2001:db8:1:2300::1")[1]);
    expect(ipNetworks("192.0.2.1")).toEqual(["192.0.2.1"]);
    expect(ipNetworks("::ffff:192.0.2.1")).toEqual(["192.0.2.1"]);
    expect(ipNetworks("unverified")).toEqual(["unverified"]);
  });

  it("leaves what is not an address alone", () => {
    expect(ipNetwork("unverified")).toBe("unverified");
    expect(ipNetwork("unknown")).toBe("unknown");
    expect(ipNetwork("1.2.3.4:80")).toBe("1.2.3.4:80");
  });
});
