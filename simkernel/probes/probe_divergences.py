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
