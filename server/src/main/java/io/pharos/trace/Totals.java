package io.pharos.trace;

import io.pharos.trace.TraceStore.StoredTask;
import io.pharos.workflow.Task;
import io.pharos.workflow.TaskStatus;

/**
 * The resource totals of the seed's progress objects, accumulated as exact deltas: a task's
 * contribution is added when it ends and replaced when an ended task is updated again, so a
 * retried body never counts twice.
 */
public final class Totals {
    private long cpus;
    private long cpuTime;
    private long cpuLoad;
    private long memoryRss;
    private long memoryReq;
    private long readBytes;
    private long writeBytes;
    private long volCtxSwitch;
    private long invCtxSwitch;
    private double cost;
    private boolean touched;

    public void add(Task t) {
        TaskStatus s = TaskStatus.parse(t.status());
        if (s != null && s.countsInTotals()) {
            apply(1, t.cpus(), t.realtime(), t.pcpu(), t.peakRss(), t.memory(), t.rchar(), t.wchar(), t.volCtxt(),
                    t.invCtxt(), t.cost());
        }
    }

    /** A task's contribution as {@link TaskUpserts#merged} gives it. */
    public void add(StoredTask t) {
        TaskStatus s = TaskStatus.parse(t.status());
        if (s != null && s.countsInTotals()) {
            apply(1, t.cpus(), t.realtime(), t.pcpu(), t.peakRss(), t.memory(), t.rchar(), t.wchar(), t.volCtxt(),
                    t.invCtxt(), t.cost());
        }
    }

    public void subtract(StoredTask t) {
        TaskStatus s = TaskStatus.parse(t.status());
        if (s != null && s.countsInTotals()) {
            apply(-1, t.cpus(), t.realtime(), t.pcpu(), t.peakRss(), t.memory(), t.rchar(), t.wchar(), t.volCtxt(),
                    t.invCtxt(), t.cost());
        }
    }

    private void apply(int sign, Integer cpus, Long realtime, Double pcpu, Long peakRss, Long memory, Long rchar,
                       Long wchar, Long vol, Long inv, Double cost) {
        long c = cpus == null ? 0 : cpus;
        long rt = nz(realtime);
        this.cpus += sign * c;
        this.cpuTime += sign * c * rt;
        this.cpuLoad += sign * Math.round((pcpu == null ? 0 : pcpu) / 100.0 * rt);
        this.memoryRss += sign * nz(peakRss);
        this.memoryReq += sign * nz(memory);
        this.readBytes += sign * nz(rchar);
        this.writeBytes += sign * nz(wchar);
        this.volCtxSwitch += sign * nz(vol);
        this.invCtxSwitch += sign * nz(inv);
        this.cost += sign * (cost == null ? 0 : cost);
        this.touched = true;
    }

    private static long nz(Long v) {
        return v == null ? 0 : v;
    }

    public boolean isEmpty() {
        return !touched;
    }

    public long cpus() {
        return cpus;
    }

    public long cpuTime() {
        return cpuTime;
    }

    public long cpuLoad() {
        return cpuLoad;
    }

    public long memoryRss() {
        return memoryRss;
    }

    public long memoryReq() {
        return memoryReq;
    }

    public long readBytes() {
        return readBytes;
    }

    public long writeBytes() {
        return writeBytes;
    }

    public long volCtxSwitch() {
        return volCtxSwitch;
    }

    public long invCtxSwitch() {
        return invCtxSwitch;
    }

    public double cost() {
        return cost;
    }
}
