# Side effects behind the differential suite's former KNOWN_DIVERGENCES: each section
# sets something up with `ip`, then prints the notifications a raw listener saw.
import sys, os, subprocess, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from nl import *
lis = NL(ext_ack=False)
for g in [1, 3, 5, 7, 9, 11]:   # LINK, NEIGH, IPV4_IFADDR, IPV4_ROUTE, IPV6_IFADDR, IPV6_ROUTE
    lis.join(g)

def sh(cmd):
    r = subprocess.run(cmd, shell=True, capture_output=True, text=True)
    print('$ ' + cmd + ('' if r.returncode == 0 else '   -> rc=%d %s' % (r.returncode, r.stderr.strip())))
    if r.stdout.strip():
        for l in r.stdout.strip().splitlines():
            print('   | ' + l)

def summ(m):
    t = m['type']
    s = summarize(m)
    if t in (20, 21):
        attrs = {IFA_NAME.get(a, a): v for a, v, _ in parse_attrs(m['payload'][8:])}
        if 'LABEL' in attrs:
            s += ' label=' + attrs['LABEL'].rstrip(b'\0').decode()
    elif t in (28, 29):
        fam, idx, state, flags, typ = struct.unpack_from('=BxxxiHBB', m['payload'])
        attrs = dict((a, v) for a, v, _ in parse_attrs(m['payload'][12:]))
        dst = attrs.get(1, b'')
        if fam in (2, 10) and dst:
            dst = socket.inet_ntop(socket.AF_INET if fam == 2 else socket.AF_INET6, dst)
        else:
            dst = dst.hex()
        s += ' fam=%d idx=%d %s state=0x%x type=%d lladdr=%s' % (fam, idx, dst, state, typ, attrs.get(2, b'').hex())
    return s

def events(label, timeout=0.3):
    print('== ' + label)
    for m in lis.drain(timeout):
        print('   ' + summ(m))

def section(title, cmds):
    events('(drain before %s)' % title)
    print('######## ' + title)
    for c in cmds:
        sh(c)
        events(c)

section('rename relabels IPv4 addresses', [
    'ip link add r0 type veth peer name r1',
    'ip addr add 10.1.0.1/24 dev r0',
    'ip addr add 10.1.0.2/24 dev r0',
    'ip addr add 10.1.1.1/24 dev r0 label r0:x',
    'ip addr add 10.1.2.1/24 dev r0',
    'ip link set r0 name r9abcdefghijkl',
    'ip -4 addr show dev r9abcdefghijkl',
])

section('ndm_type of ARP entries: a local-table lookup when the entry is made', [
    'ip link add n0 type veth peer name n1',
    'ip neigh add 10.2.0.7 lladdr 02:00:00:00:00:01 dev n0 nud permanent',  # broadcast (3) in a fresh netns; here the first section made the local table
    'ip addr add 10.2.0.1/24 dev n0',
    'ip neigh add 10.2.0.8 lladdr 02:00:00:00:00:01 dev n0 nud permanent',  # unicast (1)
    'ip neigh add 10.2.0.1 lladdr 02:00:00:00:00:01 dev n0 nud permanent',  # local (2)
    'ip link set n0 up',
    'ip neigh add 10.2.0.255 lladdr 02:00:00:00:00:01 dev n0 nud permanent',  # broadcast route (3)
])

section('the last IPv4 address going flushes the ARP entries (permanent too), not ND', [
    'ip link add a0 type veth peer name a1',
    'ip addr add 10.3.0.1/24 dev a0',
    'ip addr add 10.3.0.2/24 dev a0',
    'ip addr add 10.3.1.1/24 dev a0',
    'ip neigh add 10.3.0.7 lladdr 02:00:00:00:00:01 dev a0 nud permanent',
    'ip neigh add 2001:db8:3::7 lladdr 02:00:00:00:00:01 dev a0 nud permanent',
    'ip addr del 10.3.0.1/24 dev a0',   # primary + secondary go, 10.3.1.1 stays: no flush
    'ip addr del 10.3.1.1/24 dev a0',   # the last one: DELNEIGH 10.3.0.7
    'ip neigh show dev a0',
])

section('an MTU below 1280 flushes the IPv6 neighbours, not ARP', [
    'ip link add m0 type veth peer name m1',
    'ip neigh add 2001:db8:4::7 lladdr 02:00:00:00:00:01 dev m0 nud permanent',
    'ip neigh add 10.4.0.7 lladdr 02:00:00:00:00:01 dev m0 nud permanent',
    'ip link set m0 mtu 1279',
    'ip neigh show dev m0',
])

section('bridge carrier: on at creation, off only once a port state selection ran', [
    'ip link add br0 type bridge', 'cat /sys/class/net/br0/operstate',
    'ip link set br0 up', 'sleep 0.5; cat /sys/class/net/br0/carrier /sys/class/net/br0/operstate',
    'ip link add p0 type veth peer name p1',
    'ip link set p0 master br0', 'sleep 0.5; cat /sys/class/net/br0/carrier /sys/class/net/br0/operstate',
    'ip link set p0 nomaster', 'sleep 0.5; cat /sys/class/net/br0/carrier /sys/class/net/br0/operstate',
])

section('a bridge created with an address starts without carrier (br_dev_newlink changes the bridge id)', [
    'ip link add w0 type veth peer name w1',
    'ip link add br1 address 02:00:00:00:00:aa type bridge',
    'ip link set w0 master br1',
    'ip link set w0 up', 'ip link set w1 up', 'ip link set br1 up',
    'sleep 0.5; cat /sys/class/net/br1/carrier /sys/class/net/br1/operstate',
])
