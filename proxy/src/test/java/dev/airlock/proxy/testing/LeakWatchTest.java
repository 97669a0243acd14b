package dev.airlock.proxy.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The leak watch itself: a buffer dropped without release is reported (and then forgotten, so this class passes). */
@Timeout(30)
class LeakWatchTest {

    @Test
    void paranoidLeakDetectionIsOnForTheSuite() {
        assertThat(ResourceLeakDetector.getLevel()).isEqualTo(ResourceLeakDetector.Level.PARANOID);
    }

    @Test
    void aDroppedBufferIsCaptured() {
        LeakWatch.sweep(); // start clean
        leakOne();
        List<String> reports = new ArrayList<>();
        // The collector is not obliged to reclaim the buffer on the first request.
        for (int i = 0; i < 20 && reports.isEmpty(); i++) {
            reports.addAll(LeakWatch.sweep());
        }
        assertThat(reports).anySatisfy(r -> assertThat(r).contains("LEAK:").contains("leakOne"));
        assertThat(LeakWatch.sweep()).as("reports are handed out once").isEmpty();
    }

    private static void leakOne() {
        ByteBuf lost = ByteBufAllocator.DEFAULT.buffer(16);
        lost.writeInt(42);
        lost.touch("leakOne: a deliberate leak, expected in the log of LeakWatchTest");
    }
}
