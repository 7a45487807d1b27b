package io.warren.it.raw;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Links a test to the section of the AMQP 0-9-1 specification (or of RabbitMQ's documented behaviour) it checks.
 * Documentation only: nothing reads it at run time.
 */
@Documented
@Retention(RetentionPolicy.SOURCE)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface Spec {
    /** A 0-9-1 section number ("4.2.3") or a short reference ("rabbit_reader: frame_max fudge"). */
    String section();
}
