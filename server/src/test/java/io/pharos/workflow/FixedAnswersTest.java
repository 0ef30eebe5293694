package io.pharos.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FixedAnswersTest {
    private static FixedAnswers.Key key(String run, String what) {
        return new FixedAnswers.Key(run, what);
    }

    @Test
    void holds_at_most_its_bytes_and_drops_the_least_recently_used_first() {
        FixedAnswers a = new FixedAnswers(100, 60);
        a.put(key("r1", "p1"), new byte[40]);
        a.put(key("r1", "p2"), new byte[40]);
        assertThat(a.get(key("r1", "p1"))).hasSize(40); // p1 is now the most recently used
        a.put(key("r2", "p1"), new byte[40]);
        assertThat(a.heldBytes()).isEqualTo(80);
        assertThat(a.get(key("r1", "p2"))).isNull();
        assertThat(a.get(key("r1", "p1"))).isNotNull();
        assertThat(a.get(key("r2", "p1"))).isNotNull();
    }

    @Test
    void an_answer_over_the_limit_is_not_kept_and_a_new_answer_replaces_the_old() {
        FixedAnswers a = new FixedAnswers(100, 60);
        a.put(key("r1", "big"), new byte[61]);
        assertThat(a.get(key("r1", "big"))).isNull();
        assertThat(a.heldBytes()).isZero();
        a.put(key("r1", "p"), new byte[10]);
        a.put(key("r1", "p"), new byte[20]);
        assertThat(a.heldBytes()).isEqualTo(20);
        assertThat(a.size()).isEqualTo(1);
    }

    @Test
    void forget_drops_every_answer_of_one_run_only() {
        FixedAnswers a = new FixedAnswers(1000, 100);
        a.put(key("r1", "p1"), new byte[10]);
        a.put(key("r1", "metrics"), new byte[10]);
        a.put(key("r2", "p1"), new byte[10]);
        a.forget("r1");
        assertThat(a.get(key("r1", "p1"))).isNull();
        assertThat(a.get(key("r1", "metrics"))).isNull();
        assertThat(a.get(key("r2", "p1"))).isNotNull();
        assertThat(a.heldBytes()).isEqualTo(10);
    }
}
