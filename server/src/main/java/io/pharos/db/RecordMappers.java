package io.pharos.db;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.config.ConfigRegistry;
import org.jdbi.v3.core.mapper.ColumnMapper;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.mapper.RowMapperFactory;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Maps result rows onto Pharos's records through their canonical constructors: a column
 * {@code owner_name} (any case, underscores ignored) fills the component {@code ownerName}.
 *
 * <p>Jdbi's own constructor mapper does the same, but works out which column goes to which
 * component again for every result set, by reflection; for records of 30 to 50 components that
 * was the largest single cost of a read request. Here the plan for a record and a list of
 * column labels is worked out once and kept. Values are converted by Jdbi's column mappers, as
 * before. Every component needs a column: a query that lacks one fails, naming it.
 */
public final class RecordMappers implements RowMapperFactory {
    private final ConcurrentHashMap<Class<?>, RecordMapper<?>> mappers = new ConcurrentHashMap<>();

    @Override
    public Optional<RowMapper<?>> build(Type type, ConfigRegistry config) {
        if (!(type instanceof Class<?> c) || !c.isRecord() || !c.getName().startsWith("io.pharos.")) {
            return Optional.empty();
        }
        return Optional.of(mappers.computeIfAbsent(c, RecordMapper::new));
    }

    static String normalize(String name) {
        return name.replace("_", "").toLowerCase(Locale.ROOT);
    }

    private static final class RecordMapper<T> implements RowMapper<T> {
        private final Class<T> type;
        private final RecordComponent[] components;
        private final MethodHandle constructor;
        /** Column labels of a result set, joined, to the plan for them. */
        private final ConcurrentHashMap<String, Plan> plans = new ConcurrentHashMap<>();

        RecordMapper(Class<T> type) {
            this.type = type;
            this.components = type.getRecordComponents();
            Class<?>[] types = Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
            try {
                Constructor<T> c = type.getDeclaredConstructor(types);
                c.setAccessible(true);
                this.constructor = MethodHandles.lookup().unreflectConstructor(c)
                        .asSpreader(Object[].class, components.length);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("no canonical constructor for " + type.getName(), e);
            }
        }

        /** Which column (1-based) and which converter each component takes. */
        private record Plan(int[] columns, ColumnMapper<?>[] converters) {
        }

        @Override
        public RowMapper<T> specialize(ResultSet rs, StatementContext ctx) throws SQLException {
            Plan plan = plan(rs.getMetaData(), ctx);
            return (row, c) -> build(plan, row, c);
        }

        @Override
        public T map(ResultSet rs, StatementContext ctx) throws SQLException {
            return build(plan(rs.getMetaData(), ctx), rs, ctx);
        }

        private Plan plan(ResultSetMetaData meta, StatementContext ctx) throws SQLException {
            int n = meta.getColumnCount();
            String[] labels = new String[n];
            for (int i = 0; i < n; i++) {
                labels[i] = meta.getColumnLabel(i + 1);
            }
            String key = String.join("\u0000", labels);
            Plan plan = plans.get(key);
            if (plan == null) {
                plan = newPlan(labels, ctx);
                if (plans.size() < 256) {
                    plans.put(key, plan);
                }
            }
            return plan;
        }

        private Plan newPlan(String[] labels, StatementContext ctx) {
            int[] columns = new int[components.length];
            ColumnMapper<?>[] converters = new ColumnMapper<?>[components.length];
            for (int i = 0; i < components.length; i++) {
                String want = normalize(components[i].getName());
                int found = -1;
                for (int j = 0; j < labels.length; j++) {
                    if (normalize(labels[j]).equals(want)) {
                        if (found >= 0) {
                            throw new IllegalArgumentException(type.getSimpleName() + "." + components[i].getName()
                                    + " matches two columns: " + labels[found] + " and " + labels[j]);
                        }
                        found = j;
                    }
                }
                if (found < 0) {
                    throw new IllegalArgumentException("no column for " + type.getSimpleName() + "."
                            + components[i].getName() + " among " + Arrays.toString(labels));
                }
                Type componentType = components[i].getGenericType();
                columns[i] = found + 1;
                converters[i] = ctx.findColumnMapperFor(componentType).orElseThrow(() -> new IllegalArgumentException(
                        "no column mapper for " + componentType + " (" + type.getSimpleName() + ")"));
            }
            return new Plan(columns, converters);
        }

        private T build(Plan plan, ResultSet rs, StatementContext ctx) throws SQLException {
            Object[] args = new Object[plan.columns().length];
            for (int i = 0; i < args.length; i++) {
                args[i] = plan.converters()[i].map(rs, plan.columns()[i], ctx);
            }
            try {
                return type.cast(constructor.invoke(args));
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException("cannot build " + type.getSimpleName(), t);
            }
        }
    }
}
