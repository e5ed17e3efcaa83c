// DESIGN §5: an Access List check with 1,000 entries under 1 microsecond per request.
// Measures the whole per-request work: parsing the client's address text and the search.
//   npm run bench:match -- [--checks 1000000]
import { compileCidrs } from "../lib/access-list/matcher";
import { numberArg } from "./support";

const checks = numberArg("checks", 1_000_000);
let seed = 7;
const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const v4 = () => {
  const n = Math.floor(random() * 2 ** 32);
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".");
};
const hex = () => Math.floor(random() * 0x10000).toString(16);
const v6 = () => `2001:db8:${hex()}:${hex()}:${hex()}:${hex()}:${hex()}:${hex()}`;

function entries(count: number): string[] {
  // Three quarters IPv4 ranges of mixed sizes, a quarter IPv6 /48s and single addresses.
  return Array.from({ length: count }, (_, i) => (i % 4 === 3 ? (i % 8 === 3 ? `${v6()}` : `2001:db8:${hex()}::/48`) : `${v4()}/${16 + (i % 17)}`));
}

function measure(size: number, addresses: string[]) {
  const matcher = compileCidrs(entries(size));
  let allowed = 0;
  for (let i = 0; i < 10_000; i++) if (matcher.contains(addresses[i % addresses.length]!)) allowed++; // warm-up
  const started = process.hrtime.bigint();
  for (let i = 0; i < checks; i++) if (matcher.contains(addresses[i % addresses.length]!)) allowed++;
  const nsPerCheck = Number(process.hrtime.bigint() - started) / checks;
  return { nsPerCheck, allowed };
}

const ipv4 = Array.from({ length: 4096 }, v4);
const ipv6 = Array.from({ length: 4096 }, v6);
console.log(`access-list-match  checks=${checks} per case (address text parsed on every check; target < 1000 ns at 1,000 entries)`);
for (const size of [10, 1_000, 10_000]) {
  const four = measure(size, ipv4);
  const six = measure(size, ipv6);
  console.log(
    `  entries=${String(size).padStart(6)}  IPv4 ${four.nsPerCheck.toFixed(0).padStart(4)} ns/check   IPv6 ${six.nsPerCheck.toFixed(0).padStart(4)} ns/check`,
  );
}
