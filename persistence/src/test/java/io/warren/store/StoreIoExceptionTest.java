package io.warren.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class StoreIoExceptionTest {
    @Test
    void aFullDiskBecomesStoreFullException() {
        IOException enospc = new IOException("No space left on device");
        StoreIoException e = StoreIoException.wrap("append to q failed", enospc);
        assertInstanceOf(StoreFullException.class, e);
        assertEquals(enospc, e.getCause());
        assertTrue(e.getMessage().startsWith("append to q failed"));
        assertInstanceOf(StoreFullException.class,
                StoreIoException.wrap("x", new IOException("wrapped", new IOException("Disk quota exceeded"))));
    }

    @Test
    void otherFailuresStayStoreIoException() {
        StoreIoException e = StoreIoException.wrap("read failed", new IOException("Input/output error"));
        assertFalse(e instanceof StoreFullException);
        assertFalse(StoreIoException.isDiskFull(new IOException((String) null)));
    }
}
