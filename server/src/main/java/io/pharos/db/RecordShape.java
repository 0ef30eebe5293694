package io.pharos.db;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A record's components by name and position: read them all, build one from an array. Lets
 * code that copies a wire record into a row record match values by name instead of by a
 * hand-written list of 30 to 50 positional arguments (workflow/Task.Builder, trace/RunFields).
 */
public final class RecordShape<T extends Record> {
    private static final ClassValue<RecordShape<?>> SHAPES = new ClassValue<>() {
        @Override
        @SuppressWarnings({"unchecked", "rawtypes"})
        protected RecordShape<?> computeValue(Class<?> type) {
            return new RecordShape(type);
        }
    };

    private final Class<T> type;
    private final List<String> names;
    private final Class<?>[] types;
    private final MethodHandle[] getters;
    private final MethodHandle constructor;
    private final Map<String, Integer> index = new HashMap<>();

    private RecordShape(Class<T> type) {
        this.type = type;
        RecordComponent[] components = type.getRecordComponents();
        names = Arrays.stream(components).map(RecordComponent::getName).toList();
        types = Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
        getters = new MethodHandle[components.length];
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        try {
            for (int i = 0; i < components.length; i++) {
                Method m = components[i].getAccessor();
                m.setAccessible(true);
                getters[i] = lookup.unreflect(m).asType(MethodType.methodType(Object.class, Object.class));
                index.put(names.get(i), i);
            }
            Constructor<T> c = type.getDeclaredConstructor(types);
            c.setAccessible(true);
            constructor = lookup.unreflectConstructor(c).asSpreader(Object[].class, components.length);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read the components of " + type.getName(), e);
        }
    }

    @SuppressWarnings("unchecked")
    public static <T extends Record> RecordShape<T> of(Class<T> type) {
        return (RecordShape<T>) SHAPES.get(type);
    }

    /** The component names, in declaration order. */
    public List<String> names() {
        return names;
    }

    public int size() {
        return types.length;
    }

    public Class<?> type(int i) {
        return types[i];
    }

    /** The position of the component {@code name}, or -1. */
    public int index(String name) {
        return index.getOrDefault(name, -1);
    }

    public Object get(T record, int i) {
        try {
            return getters[i].invokeExact((Object) record);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Every component's value, in declaration order. */
    public Object[] values(T record) {
        Object[] out = new Object[types.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = get(record, i);
        }
        return out;
    }

    /** A record from its components' values in declaration order (a null primitive fails). */
    public T make(Object[] values) {
        try {
            return type.cast(constructor.invoke(values));
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("cannot build " + type.getSimpleName(), t);
        }
    }

    /** Whether a value of type {@code from} fits a component of type {@code to}, boxing aside. */
    public static boolean fits(Class<?> from, Class<?> to) {
        return box(to).isAssignableFrom(box(from));
    }

    public static Class<?> box(Class<?> c) {
        return c.isPrimitive() ? MethodType.methodType(c).wrap().returnType() : c;
    }
}
