# Writes progress-160m.json (10,850 tasks of ~15 KB, 158.3 MiB: just under the default 160 MiB
# limit), create.json and begin.json, from the nf25.04.0-ok fixture. Usage: python3 gen.py CHECKOUT
import json, sys
src = sys.argv[1] + '/server/src/test/resources/fixtures/nextflow-tower/nf25.04.0-ok/'
prog = json.load(open(src + '0004-PUT-api_trace_abc123_progress.json'))['body']
tmpl = prog['tasks'][0]
script = "echo 'a line of a large task script, as Nextflow sends it'\n" * 240  # ~13.4 KB
head = json.dumps({k: v for k, v in prog.items() if k != 'tasks'})
tasks, size, i = [], 0, 0
while True:
    i += 1
    t = dict(tmpl, taskId=i, status='COMPLETED', script=script, name='SAY_HELLO (%d)' % i, hash='%02x/%06x' % (i % 256, i))
    s = json.dumps(t)
    if size + len(s) + 1 + len(head) + 20 > 166_000_000:
        break
    tasks.append(s); size += len(s) + 1
open('progress-160m.json', 'w').write('{"tasks":[' + ','.join(tasks) + '],' + head[1:])
json.dump(json.load(open(src + '0001-POST-api_trace_create.json'))['body'], open('create.json', 'w'))
json.dump(json.load(open(src + '0002-PUT-api_trace_abc123_begin.json'))['body'], open('begin.json', 'w'))
